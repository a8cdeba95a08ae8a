"""One order of checks on every route, and one problem shape for every error the services
answer: authentication (401), authorisation (403), preconditions (428/412), then the body
(415 not JSON, 400 unparseable, 422 not matching the schema); 503 with Retry-After while a
server the request needs is away, and recovery without a restart once it is back."""
from __future__ import annotations

import asyncio
import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from communities.entrypoints.app import CommunitiesSettings
from communities.entrypoints.app import create_app as create_communities
from devstack import LocalStack, Ports, free_port
from een_bridge.entrypoints.app import EenBridgeSettings
from een_bridge.entrypoints.app import create_app as create_bridge
from proposals.entrypoints.app import ProposalsSettings
from proposals.entrypoints.app import create_app as create_proposals
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_MEMBER, TokenVerifier, issue_token
from servicekit.http.jwks import JwksClient
from servicekit.http.errors import ServiceUnavailable
from servicekit.ids import new_id
from tests.support.apps import running, wait_until
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}
TOO_DEEP = b"[" * 100 + b"]" * 100                  # past MAX_JSON_DEPTH, within the parser's reach
FAR_TOO_DEEP = b"[" * 100_000 + b"]" * 100_000      # past the parser's recursion limit
NOT_UTF8 = b'{"title": "caf\xe9 au lait"}'          # Latin-1, not UTF-8


def problem(response, status: int) -> dict:
    """The response's problem document, after checking it is one, of this status."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM, response.headers
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["title"] != "Error" and body["detail"], body
    return body


def as_(user_id: str, roles: list[str] | None = None, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id, roles), **extra}


def new_proposal(**overrides) -> dict:
    body = {"kind": "technology_offer", "title": "Lightweight composite brackets",
            "summary": "Additive manufacturing of titanium brackets for aircraft cabins.",
            "descriptors": ["s3:aerospace"], "deadline": (date.today() + timedelta(days=60)).isoformat()}
    body.update(overrides)
    return body


@pytest.fixture(scope="module")
async def proposals(infra):
    async with running(create_proposals(ProposalsSettings(mongo_db="proposals_error_order")), ISSUER) as client:
        yield client


@pytest.fixture(scope="module")
async def communities(infra):
    async with running(create_communities(CommunitiesSettings(mongo_db="communities_error_order")), ISSUER) as client:
        yield client


@pytest.fixture(scope="module")
async def bridge(infra):
    async with running(create_bridge(EenBridgeSettings(mongo_db="een_bridge_error_order")), ISSUER) as client:
        yield client


async def published(proposals, owner: str) -> dict:
    response = await proposals.post("/proposals", json=new_proposal(), headers=as_(owner))
    assert response.status_code == 201, response.text
    return response.json()


# -- authorisation before preconditions before the body ---------------------------------------

async def test_a_non_owner_hears_403_whatever_the_precondition_or_the_body(proposals):
    proposal = await published(proposals, new_id())
    url, stranger = f"/proposals/{proposal['id']}", new_id()
    # No If-Match: 403, not 428; a body that does not match, or is no JSON at all: 403 still.
    problem(await proposals.patch(url, json={"title": "Mine now"}, headers=as_(stranger)), 403)
    problem(await proposals.patch(url, json={"title": 5, "kind": "nonsense"}, headers=as_(stranger)), 403)
    problem(await proposals.patch(url, content=b"{not json", headers=as_(stranger, **JSON)), 403)
    problem(await proposals.patch(url, content=b"title=x", headers=as_(stranger, **{"content-type": "text/plain"})), 403)
    problem(await proposals.post(f"{url}/close", content=b"{not json", headers=as_(stranger, **JSON)), 403)
    # Nobody signed in: 401 before all of it.
    problem(await proposals.patch(url, content=b"{not json", headers=JSON), 401)
    # A proposal that does not exist: 404 before the precondition too.
    problem(await proposals.patch(f"/proposals/{new_id()}", json={"title": "x"}, headers=as_(stranger)), 404)
    unchanged = (await proposals.get(url, headers=as_(stranger))).json()
    assert unchanged["version"] == 1 and unchanged["status"] == "published"


async def test_the_owner_hears_the_precondition_before_the_body(proposals):
    owner = new_id()
    proposal = await published(proposals, owner)
    url = f"/proposals/{proposal['id']}"
    problem(await proposals.patch(url, json={"title": 5}, headers=as_(owner)), 428)
    problem(await proposals.patch(url, content=b"{not json", headers=as_(owner, **JSON)), 428)
    stale = problem(await proposals.patch(url, json={"title": 5}, headers=as_(owner, **{"If-Match": '"v7"'})), 412)
    assert "version 1" in stale["detail"]
    invalid = problem(await proposals.patch(url, json={"title": 5}, headers=as_(owner, **{"If-Match": '"v1"'})), 422)
    assert invalid["errors"][0]["loc"][:2] == ["body", "title"]
    ok = await proposals.patch(url, json={"title": "A better title"}, headers=as_(owner, **{"If-Match": '"v1"'}))
    assert ok.status_code == 200 and ok.json()["version"] == 2


async def test_a_non_owner_cannot_decline_with_any_body(proposals):
    owner, sender = new_id(), new_id()
    proposal = await published(proposals, owner)
    interest = await proposals.post(f"/proposals/{proposal['id']}/interests", json={"message": "Let us talk."},
                                    headers=as_(sender))
    assert interest.status_code == 201, interest.text
    url = f"/interests/{interest.json()['id']}/decline"
    problem(await proposals.post(url, content=b"{not json", headers=as_(sender, **JSON)), 403)
    problem(await proposals.post(url, content=b"{not json", headers=as_(new_id(), **JSON)), 404)
    problem(await proposals.post(url, content=b"{not json", headers=as_(owner, **JSON)), 400)
    assert (await proposals.post(url, json={"reason": "Not now."}, headers=as_(owner))).json()["status"] == "declined"


async def test_a_non_operator_hears_403_before_the_body_is_judged(bridge):
    member = as_("member", [ROLE_MEMBER])
    for path in ("/offers", "/sync/runs"):
        problem(await bridge.post(path, json={}, headers=member), 403)
        problem(await bridge.post(path, content=b"\xff\xfe", headers={**member, **JSON}), 403)
        problem(await bridge.post(path, content=b"reference=x", headers={**member, "content-type": "text/plain"}), 403)
    problem(await bridge.post("/offers", json={}), 401)
    problem(await bridge.post("/offers", json={}, headers=as_("operator", [ROLE_EEN_OPERATOR])), 422)


async def test_community_roles_are_checked_before_preconditions_and_bodies(communities):
    owner, stranger = new_id(), new_id()
    created = await communities.post("/communities", headers=as_(owner), json={
        "name": f"Space makers {new_id()[-12:]}", "description": "Small satellites.", "visibility": "public",
        "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    url = f"/communities/{created.json()['id']}"
    problem(await communities.patch(url, json={"description": "Mine"}, headers=as_(stranger)), 403)
    problem(await communities.patch(url, content=b"{not json", headers=as_(stranger, **JSON)), 403)
    problem(await communities.put(f"{url}/members/{owner}/role", json={"role": 5}, headers=as_(stranger)), 403)
    problem(await communities.post(f"{url}/posts", json={}, headers=as_(stranger)), 403)
    problem(await communities.patch(url, json={"visibility": "secret"}, headers=as_(owner)), 428)
    problem(await communities.patch(url, json={"visibility": "secret"}, headers=as_(owner, **{"If-Match": '"v1"'})), 422)
    problem(await communities.post(f"{url}/posts", json={}, headers=as_(owner)), 422)


# -- bodies that are not JSON ------------------------------------------------------------------

@pytest.mark.parametrize(("content", "headers", "status", "says"), [
    (b'{"title": "x"}', {"content-type": "text/plain"}, 415, "application/json"),
    (b'{"title": "x"}', {"content-type": "application/x-www-form-urlencoded"}, 415, "application/json"),
    (b'{"title": "x"}', {}, 415, "application/json"),
    (b"{not json", JSON, 400, "not JSON"),
    (NOT_UTF8, JSON, 400, "not UTF-8"),
    (b'{"title": NaN}', JSON, 400, "NaN"),
    (TOO_DEEP, JSON, 400, "deeper than 32"),
    (FAR_TOO_DEEP, JSON, 400, "deeper than 32"),
    (b'{"kind": "nonsense"}', JSON, 422, "schema"),
    (b"", JSON, 422, "schema"),  # no body at all: missing, a schema matter
])
async def test_a_body_that_cannot_be_read_is_a_problem_of_its_own(proposals, content, headers, status, says):
    response = await proposals.post("/proposals", content=content, headers=as_(new_id(), **headers))
    body = problem(response, status)
    assert says in body["detail"], body
    assert body["instance"] == "/proposals"
    if status == 415:
        assert response.headers["accept"] == "application/json"


async def test_json_media_types_with_parameters_or_suffixes_are_json(proposals):
    for content_type in ("application/json; charset=utf-8", "application/vnd.proposal+json"):
        response = await proposals.post("/proposals", content=json.dumps(new_proposal()).encode(),
                                        headers=as_(new_id(), **{"content-type": content_type}))
        assert response.status_code == 201, (content_type, response.text)


async def test_a_nul_in_the_path_is_an_ordinary_not_found(proposals):
    problem(await proposals.get("/proposals/%00", headers=as_(new_id())), 404)
    problem(await proposals.get("/proposals/a%00b/interests", headers=as_(new_id())), 404)


# -- a server the request needs is away: 503, and back by itself ---------------------------------

@pytest.fixture
async def own_servers(infra, tmp_path):
    """A database and a Redis of this test's own, to stop and start again; Kafka is the session's."""
    stack = LocalStack(tmp_path, Ports.free())
    try:
        stack.start_mongo()
        stack.start_redis()
        yield stack
    finally:
        stack.stop_all()


async def test_while_redis_or_the_database_is_away_requests_get_503_and_recover_without_restart(infra, own_servers):
    stack = own_servers
    app = create_proposals(ProposalsSettings(
        service_name="proposals-outage", mongo_url=stack.mongo_url, mongo_db="proposals_outage",
        redis_url=stack.redis_url, consumer_instance_id=f"outage-{new_id()}"))
    owner = new_id()
    async with running(app, ISSUER) as client:
        first = await client.post("/proposals", json=new_proposal(), headers=as_(owner, **{"Idempotency-Key": new_id()}))
        assert first.status_code == 201, first.text

        # Redis away: a creating POST with Idempotency-Key cannot keep its promise, so 503;
        # without a key nothing needs Redis.
        await asyncio.to_thread(stack.processes["redis"].stop)
        keyed = await client.post("/proposals", json=new_proposal(), headers=as_(owner, **{"Idempotency-Key": new_id()}))
        assert problem(keyed, 503) and keyed.headers["retry-after"].isdigit()
        assert (await client.post("/proposals", json=new_proposal(), headers=as_(owner))).status_code == 201
        await asyncio.to_thread(stack.start_redis)
        again = await client.post("/proposals", json=new_proposal(), headers=as_(owner, **{"Idempotency-Key": new_id()}))
        assert again.status_code == 201, again.text

        # The database away: reads and writes 503 (not 500, not a two-minute wait), the app up.
        await asyncio.to_thread(stack.processes["mongodb"].stop)
        read = await client.get("/proposals", params={"owner": "me"}, headers=as_(owner))
        assert problem(read, 503) and read.headers["retry-after"].isdigit()
        write = await client.post("/proposals", json=new_proposal(), headers=as_(owner))
        assert problem(write, 503) and write.headers["retry-after"].isdigit()
        assert "database" in write.json()["detail"]

        await asyncio.to_thread(stack.start_mongo)
        mine = await wait_until(lambda: _ok(client.get("/proposals", params={"owner": "me"}, headers=as_(owner))),
                                timeout=60, interval=0.5)
        assert len(mine.json()["items"]) == 3
        assert (await client.post("/proposals", json=new_proposal(), headers=as_(owner))).status_code == 201


async def _ok(request):
    response = await request
    return response if response.status_code == 200 else None


async def test_tokens_whose_keys_cannot_be_fetched_are_503_not_401():
    """Profiles unreachable and the key unknown: the token cannot be judged, so retry later
    (503) rather than sign in again (401); once the JWKS answers, the same token verifies."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key())), "kid": "k1", "alg": "ES256"}
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    token = issue_token(pem, "k1", "someone", [ROLE_MEMBER], ttl_seconds=60)
    port = free_port()
    verifier = TokenVerifier(JwksClient(f"http://127.0.0.1:{port}/.well-known/jwks.json", min_refresh_seconds=0).get)
    with pytest.raises(ServiceUnavailable):
        await verifier.verify(token)

    jwks = json.dumps({"keys": [public]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(jwks)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert (await verifier.verify(token)).user_id == "someone"
    finally:
        server.shutdown()
        server.server_close()
