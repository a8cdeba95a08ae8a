"""The profiles service against the real broker, database and Redis."""
from __future__ import annotations

import itertools
import time

import httpx
import jwt
import pytest

from contracts import topics
from profiles.adapters.sign_in_throttle import SignInPolicy, SignInThrottle
from profiles.entrypoints.app import ProfilesSettings, create_app
from servicekit.auth import TokenVerifier
from servicekit.ids import new_id
from tests.support.apps import running
from tests.support.kafka import data_of, headers_of, read_topic

pytestmark = pytest.mark.asyncio
PASSWORD = "correct horse battery"


class ManualClock:
    """The sign-in throttle's clock, moved by the tests: locks expire without waiting."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def clock():
    return ManualClock(time.time())


@pytest.fixture(scope="module")
async def profiles_app(infra, clock):
    app = create_app(ProfilesSettings(mongo_db="profiles_it"))
    app.state.runtime.provided(SignInThrottle).clock = clock
    async with running(app) as client:
        yield app, client


@pytest.fixture(scope="module")
def profiles(profiles_app):
    return profiles_app[1]


_client_numbers = itertools.count(1)


def new_client() -> dict[str, str]:
    """A distinct caller behind the gateway: the header the gateway appends (documentation
    addresses, RFC 5737), so each test's throttling starts clean."""
    n = next(_client_numbers)
    return {"X-Forwarded-For": f"198.51.{100 + n // 250}.{n % 250 + 1}"}


async def register(client, email=None, name="Alice Rossi"):
    email = email or f"{new_id()}@example.org"
    response = await client.post("/users", json={"email": email, "password": PASSWORD, "display_name": name})
    assert response.status_code == 201, response.text
    return email, response.json()


async def sign_in(client, email, password=PASSWORD, headers=None):
    return await client.post("/sessions", json={"email": email, "password": password}, headers=headers)


async def test_register_sign_in_and_verify_with_published_jwks(profiles, infra):
    email, me = await register(profiles)
    response = await sign_in(profiles, email.upper())  # emails are case-insensitive
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert jwt.get_unverified_header(token)["alg"] == "ES256"

    # Another service verifies with nothing but the JWKS: no shared secret.
    jwks = (await profiles.get("/.well-known/jwks.json")).json()
    keys = {k["kid"]: jwt.PyJWK(k) for k in jwks["keys"]}
    assert all("d" not in k for k in jwks["keys"])  # never the private part

    async def lookup(kid):
        return keys.get(kid)

    principal = await TokenVerifier(lookup).verify(token)
    assert principal.user_id == me["user_id"] and principal.has_role("member")

    records = await read_topic(infra.kafka_bootstrap, topics.PROFILES_USER, lambda r: r.key == me["user_id"].encode())
    assert headers_of(records[0])["ce_type"] == "profiles.user.registered.v1"
    assert "email" not in data_of(records[0])  # personal data stays in profiles


async def test_duplicate_email_and_weak_password(profiles):
    email, _ = await register(profiles)
    again = await profiles.post("/users", json={"email": email, "password": PASSWORD, "display_name": "X"})
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")
    weak = await profiles.post("/users", json={"email": f"{new_id()}@example.org", "password": "short", "display_name": "X"})
    assert weak.status_code == 422
    bad_email = await profiles.post("/users", json={"email": "nope", "password": PASSWORD, "display_name": "X"})
    assert bad_email.status_code == 422


async def test_wrong_password_then_throttled(profiles):
    email, _ = await register(profiles)
    for _ in range(5):
        assert (await sign_in(profiles, email, "wrong password!")).status_code == 401
    blocked = await sign_in(profiles, email)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    unknown = await sign_in(profiles, f"{new_id()}@example.org")
    assert unknown.status_code == 401


WRONG = "wrong password!"


def problem_429(response) -> int:
    """The Retry-After of a throttled sign-in (a problem document, like every error)."""
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 429
    return int(response.headers["retry-after"])


async def test_an_attacker_cannot_lock_the_owner_out(profiles, clock):
    email, _ = await register(profiles)
    attacker, owner = new_client(), new_client()
    for _ in range(5):
        assert (await sign_in(profiles, email, WRONG, attacker)).status_code == 401
    waits = []
    for _ in range(4):
        # Locked out of this address, even with the right password; each failure doubles the lock.
        waits.append(problem_429(await sign_in(profiles, email, PASSWORD, attacker)))
        clock.advance(waits[-1])
        assert (await sign_in(profiles, email, WRONG, attacker)).status_code == 401
    assert waits == [1, 2, 4, 8]

    # The owner, from another client, signs in as if nothing happened; the attacker stays locked.
    assert (await sign_in(profiles, email, PASSWORD, owner)).status_code == 200
    assert problem_429(await sign_in(profiles, email, PASSWORD, attacker)) == 16


async def test_a_successful_sign_in_resets_the_clients_failures(profiles, clock):
    email, _ = await register(profiles)
    me = new_client()
    for _ in range(5):
        assert (await sign_in(profiles, email, WRONG, me)).status_code == 401
    clock.advance(problem_429(await sign_in(profiles, email, PASSWORD, me)))
    assert (await sign_in(profiles, email, PASSWORD, me)).status_code == 200
    # Counting starts over: four more typos and the right password still get in.
    for _ in range(4):
        assert (await sign_in(profiles, email, WRONG, me)).status_code == 401
    assert (await sign_in(profiles, email, PASSWORD, me)).status_code == 200


async def test_one_client_spraying_many_addresses_is_throttled(profiles, clock):
    sprayer, owner = new_client(), new_client()
    for _ in range(SignInPolicy().client_allowance):  # one common password against many addresses
        assert (await sign_in(profiles, f"{new_id()}@example.org", "Winter2026!", sprayer)).status_code == 401
    email, _ = await register(profiles)
    first = problem_429(await sign_in(profiles, email, "Winter2026!", sprayer))  # a fresh address, too
    clock.advance(first)
    assert (await sign_in(profiles, f"{new_id()}@example.org", "Winter2026!", sprayer)).status_code == 401
    assert problem_429(await sign_in(profiles, email, "Winter2026!", sprayer)) == 2 * first
    assert (await sign_in(profiles, email, PASSWORD, owner)).status_code == 200


@pytest.fixture
def low_address_ceiling(profiles_app, clock):
    """The per-address ceiling brought within reach of a test (100 failures by default)."""
    app = profiles_app[0]
    runtime = app.state.runtime
    default = runtime.provided(SignInThrottle)
    runtime.provide(SignInThrottle, SignInThrottle(runtime.redis, SignInPolicy(address_ceiling=8), clock))
    yield
    runtime.provide(SignInThrottle, default)


async def test_many_clients_guessing_one_address_get_one_guess_each_and_spare_the_owner(
        profiles, low_address_ceiling):
    email, _ = await register(profiles)
    bots = [new_client() for _ in range(4)]
    for bot in bots:
        for _ in range(2):
            assert (await sign_in(profiles, email, WRONG, bot)).status_code == 401
    # Eight failures across clients: the address is under attack, and a client that has
    # already failed on it must now wait (two failures would be allowed otherwise).
    problem_429(await sign_in(profiles, email, WRONG, bots[0]))
    latecomer = new_client()
    assert (await sign_in(profiles, email, WRONG, latecomer)).status_code == 401
    problem_429(await sign_in(profiles, email, WRONG, latecomer))
    # A client that never failed on the address is not held back: the owner gets in.
    assert (await sign_in(profiles, email, PASSWORD, new_client())).status_code == 200


async def test_the_client_is_the_address_the_gateway_saw(profiles_app):
    app, profiles = profiles_app
    email, _ = await register(profiles)
    seen_by_gateway = new_client()["X-Forwarded-For"]
    # What the client itself put in X-Forwarded-For (left of the gateway's entry) is ignored.
    for n in range(5):
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}, {seen_by_gateway}"}
        assert (await sign_in(profiles, email, WRONG, spoofed)).status_code == 401
    problem_429(await sign_in(profiles, email, PASSWORD, {"X-Forwarded-For": f"203.0.113.99, {seen_by_gateway}"}))

    # A caller that is no trusted proxy is known by its own address, whatever it claims.
    direct = httpx.ASGITransport(app=app, client=("192.0.2.10", 40000))
    async with httpx.AsyncClient(transport=direct, base_url="http://service") as caller:
        for n in range(5):
            claimed = {"X-Forwarded-For": f"198.18.0.{n}"}
            assert (await sign_in(caller, email, WRONG, claimed)).status_code == 401
        problem_429(await sign_in(caller, email, PASSWORD, {"X-Forwarded-For": "198.18.0.99"}))
    assert (await sign_in(profiles, email, PASSWORD, new_client())).status_code == 200


async def test_profile_update_with_descriptors_and_etag(profiles, infra):
    email, me = await register(profiles)
    token = (await sign_in(profiles, email)).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    current = await profiles.get("/me", headers=auth)
    etag = current.headers["etag"]
    body = {"display_name": "Alice Rossi", "organisation": "Politecnico di Milano",
            "competences": ["s3c:aerospace-01"], "interests": ["s3:aerospace", "nace:28"],
            "notification_preferences": {"proposals": True, "digest": "immediate"}}
    assert (await profiles.put("/me/profile", json=body, headers=auth)).status_code == 428
    unknown = await profiles.put("/me/profile", json={**body, "interests": ["s3:atlantis"]}, headers={**auth, "If-Match": etag})
    assert unknown.status_code == 422 and "s3:atlantis" in unknown.json()["detail"]
    updated = await profiles.put("/me/profile", json=body, headers={**auth, "If-Match": etag})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = await profiles.put("/me/profile", json=body, headers={**auth, "If-Match": etag})
    assert stale.status_code == 412

    records = await read_topic(infra.kafka_bootstrap, topics.PROFILES_PROFILE,
                               lambda r: r.key == me["user_id"].encode(), count=2)
    latest = data_of(records[-1])
    assert latest["version"] == 2 and latest["interests"] == ["s3:aerospace", "nace:28"]
    assert latest["organisation"] == "Politecnico di Milano"


async def test_the_language_is_chosen_at_sign_up_changed_with_the_profile_and_carried_in_its_event(profiles, infra):
    email = f"{new_id()}@example.org"
    created = await profiles.post("/users", json={"email": email, "password": PASSWORD, "display_name": "Bob",
                                                  "language": "en"})
    assert created.status_code == 201 and created.json()["profile"]["language"] == "en"
    assert (await profiles.post("/users", json={"email": f"{new_id()}@example.org", "password": PASSWORD,
                                                "display_name": "Eve", "language": "fr"})).status_code == 422
    auth = {"Authorization": f"Bearer {(await sign_in(profiles, email)).json()['access_token']}"}
    current = await profiles.get("/me", headers=auth)
    body = {"display_name": "Bob", "language": "it"}
    refused = await profiles.put("/me/profile", json={**body, "language": "fr"},
                                 headers={**auth, "If-Match": current.headers["etag"]})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    updated = await profiles.put("/me/profile", json=body, headers={**auth, "If-Match": current.headers["etag"]})
    assert updated.status_code == 200 and updated.json()["language"] == "it"
    assert (await profiles.get("/me", headers=auth)).json()["profile"]["language"] == "it"
    user_id = created.json()["user_id"]
    records = await read_topic(infra.kafka_bootstrap, topics.PROFILES_PROFILE,
                               lambda r: r.key == user_id.encode(), count=2)
    assert [data_of(r)["language"] for r in records] == ["en", "it"]


async def test_descriptors_listing(profiles):
    areas = (await profiles.get("/descriptors", params={"scheme": "s3"})).json()
    labels = {d["label"] for d in areas["items"]}
    assert {"Aerospace", "Agrifood", "Eco-industry", "Life sciences", "Sustainable mobility"} <= labels
    assert len(areas["items"]) == 8 and areas["taxonomy_version"]
    challenges = (await profiles.get("/descriptors", params={"parent": "s3:aerospace"})).json()["items"]
    assert challenges and all(c["parent"] == "s3:aerospace" for c in challenges)
    assert (await profiles.get("/descriptors", params={"scheme": "nope"})).status_code == 404
    assert (await profiles.get("/descriptors/s3:agrifood")).json()["label"] == "Agrifood"
    # Every descriptor carries its label in both languages (label stays English).
    everything = (await profiles.get("/descriptors")).json()["items"]
    assert len(everything) == 428
    assert all(d["labels"]["it"].strip() and d["labels"]["en"] == d["label"] for d in everything)
    assert (await profiles.get("/descriptors/s3:agrifood")).json()["labels"] == {
        "it": "Agroalimentare", "en": "Agrifood"}
    aerospace = next(d for d in areas["items"] if d["code"] == "s3:aerospace")
    assert aerospace["labels"] == {"it": "Aerospazio", "en": "Aerospace"}


async def test_erasure_publishes_user_erased(profiles, infra):
    email, me = await register(profiles)
    auth = {"Authorization": f"Bearer {(await sign_in(profiles, email)).json()['access_token']}"}
    assert (await profiles.delete("/me", headers=auth)).status_code == 204
    assert (await sign_in(profiles, email)).status_code == 401
    records = await read_topic(infra.kafka_bootstrap, topics.PROFILES_USER,
                               lambda r: r.key == me["user_id"].encode(), count=2)
    assert headers_of(records[-1])["ce_type"] == "profiles.user.erased.v1"


async def test_refresh_tokens_rotate_and_reuse_revokes_the_session(profiles):
    email, me = await register(profiles)
    first = (await sign_in(profiles, email)).json()
    assert first["refresh_token"] and first["expires_in"] == 900
    rotated = await profiles.post("/sessions/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200 and rotated.json()["user_id"] == me["user_id"]
    second = rotated.json()["refresh_token"]
    assert second != first["refresh_token"]
    assert (await profiles.get("/me", headers={"Authorization": f"Bearer {rotated.json()['access_token']}"})).status_code == 200

    # The first token again (a stolen copy): refused, and the whole session is revoked.
    replay = await profiles.post("/sessions/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401 and replay.headers["content-type"].startswith("application/problem+json")
    assert (await profiles.post("/sessions/refresh", json={"refresh_token": second})).status_code == 401

    # Sign-out revokes; garbage is a 4xx, not a 500.
    fresh = (await sign_in(profiles, email)).json()["refresh_token"]
    assert (await profiles.post("/sessions/revoke", json={"refresh_token": fresh})).status_code == 204
    assert (await profiles.post("/sessions/refresh", json={"refresh_token": fresh})).status_code == 401
    assert (await profiles.post("/sessions/refresh", json={"refresh_token": "x"})).status_code == 422
    assert (await profiles.post("/sessions/refresh", json={"refresh_token": "y" * 40})).status_code == 401
