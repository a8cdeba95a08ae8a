"""The vertical slice, as a user walks it, through the gateway: sign-up to notification,
crossing every service, with no synchronous call between services."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx

from servicekit.ids import new_id
from tests.e2e.conftest import PASSWORD
from tests.support.apps import wait_for


def test_every_service_is_healthy_through_the_gateway(gateway):
    for route in ("profiles", "communities", "proposals", "notifications", "een"):
        response = gateway.get(f"/{route}/health")
        assert response.status_code == 200, (route, response.text)
        checks = response.json()["checks"]
        assert {checks[name]["status"] for name in ("mongodb", "kafka", "redis")} == {"up"}
        assert response.headers["x-request-id"]


def test_gateway_errors_are_problem_json(gateway, platform):
    unknown = gateway.get("/nowhere")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    too_big = gateway.post("/proposals/proposals", content=b"x" * (2 * 1024 * 1024),
                           headers={"content-type": "application/json"})
    assert too_big.status_code == 413 and too_big.headers["content-type"] == "application/problem+json"
    assert gateway.get("/proposals/proposals").status_code == 401


def test_the_slice(member):
    alice, bob = member("Alice Rossi"), member("Bob Bianchi")

    # Alice tags her profile with descriptors from the shipped taxonomy.
    areas = alice.get("/profiles/descriptors", params={"scheme": "s3"}).json()["items"]
    assert {a["label"] for a in areas} >= {"Aerospace", "Agrifood", "Eco-industry", "Creative and cultural industries",
                                           "Advanced manufacturing", "Life sciences", "Sustainable mobility"}
    etag = alice.get("/profiles/me").headers["etag"]
    rejected = alice.put("/profiles/me/profile", headers={"If-Match": etag},
                         json={"display_name": "Alice Rossi", "interests": ["s3:unknown-area"]})
    assert rejected.status_code == 422 and rejected.headers["content-type"] == "application/problem+json"
    alice.set_interests(["s3:aerospace"], organisation="Politecnico di Milano")

    # Bob creates a public community on Aerospace; Alice joins it.
    community = bob.post("/communities/communities", json={
        "name": f"Aerospace composites {new_id()[-8:]}", "description": "Lightweight structures",
        "visibility": "public", "descriptors": ["s3:aerospace"]})
    assert community.status_code == 201, community.text
    joined = alice.post(f"/communities/communities/{community.json()['id']}/members")
    assert joined.status_code in (200, 201), joined.text
    assert joined.json()["status"] == "active"

    # Bob publishes a proposal tagged with an Aerospace challenge.
    published_at = time.monotonic()
    proposal = bob.post("/proposals/proposals", json={
        "kind": "technology_request", "title": "Partner for composite wing ribs",
        "summary": "We look for a research partner on thermoplastic composites.",
        "descriptors": ["s3c:aerospace-01"], "deadline": (date.today() + timedelta(days=90)).isoformat()},
        headers={"Idempotency-Key": new_id()})
    assert proposal.status_code == 201, proposal.text
    proposal_id = proposal.json()["id"]

    # Alice, whose interests match, finds it in her inbox; Bob, the author, does not.
    def alice_notified():
        return [n for n in alice.inbox() if n["subject_id"] == proposal_id]

    notification = wait_for(alice_notified)[0]
    print(f"proposal -> notification visible in {time.monotonic() - published_at:.3f}s")
    assert notification["kind"] == "proposal.matched" and notification["read_at"] is None
    assert not [n for n in bob.inbox() if n["subject_id"] == proposal_id]

    # Alice expresses interest; Bob is notified and accepts; both see the status.
    interest = alice.post(f"/proposals/proposals/{proposal_id}/interests",
                          json={"message": "Our lab works on exactly this."})
    assert interest.status_code == 201, interest.text
    interest_id = interest.json()["id"]
    wait_for(lambda: [n for n in bob.inbox() if n["kind"] == "interest.received" and n["subject_id"] == interest_id])
    accepted = bob.post(f"/proposals/interests/{interest_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert alice.get(f"/proposals/interests/{interest_id}").json()["status"] == "accepted"
    assert bob.get(f"/proposals/interests/{interest_id}").json()["status"] == "accepted"
    wait_for(lambda: [n for n in alice.inbox() if n["kind"] == "interest.accepted" and n["subject_id"] == interest_id])

    # Reading a notification.
    assert alice.post(f"/notifications/inbox/{notification['id']}/read").status_code in (200, 204)
    assert [n for n in alice.inbox() if n["id"] == notification["id"]][0]["read_at"] is not None


def test_a_request_to_join_a_private_community_reaches_its_owner_and_the_answer_the_requester(member):
    bob, carla = member("Bob Bianchi"), member("Carla Verdi")
    name = f"Space robotics {new_id()[-8:]}"
    community = bob.post("/communities/communities", json={
        "name": name, "description": "Invitation only", "visibility": "private", "descriptors": ["s3:aerospace"]})
    assert community.status_code == 201, community.text
    community_id = community.json()["id"]
    asked = carla.post(f"/communities/communities/{community_id}/members")
    assert asked.status_code in (200, 201) and asked.json()["status"] == "pending", asked.text

    request = wait_for(lambda: [n for n in bob.inbox()
                                if n["kind"] == "community.join_requested" and n["subject_id"] == community_id])[0]
    assert request["title"] == f"Carla Verdi asked to join “{name}”"
    approved = bob.post(f"/communities/communities/{community_id}/members/{carla.user_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "active", approved.text
    wait_for(lambda: [n for n in carla.inbox()
                      if n["kind"] == "community.join_approved" and n["subject_id"] == community_id])


def test_sign_in_throttling_spares_the_owner_and_ignores_forged_forwarding(gateway, member, platform):
    owner = member("Olga Neri")
    # The attacker connects from another address than everyone else here (127.0.0.2 is also
    # loopback) and forges X-Forwarded-For, which the gateway only appends to: no help.
    attacker = httpx.Client(base_url=f"{platform.gateway_url}/api", timeout=30,
                            transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with attacker:
        def guess(n: int) -> httpx.Response:
            return attacker.post("/profiles/sessions", json={"email": owner.email, "password": f"guess {n}!"},
                                 headers={"X-Forwarded-For": f"203.0.113.{n}"})

        # Locks double from 1 s after the fifth failure: within a few more, one outlasts a request.
        answers = [guess(n) for n in range(12)]
        statuses = [a.status_code for a in answers]
        assert statuses[:5] == [401] * 5 and 429 in statuses, statuses
        throttled = answers[statuses.index(429)]
        assert throttled.headers["content-type"] == "application/problem+json"
        assert int(throttled.headers["retry-after"]) >= 1
    signed_in = gateway.post("/profiles/sessions", json={"email": owner.email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text


def test_docs_are_served_through_the_gateway(gateway):
    for route in ("profiles", "communities", "proposals", "notifications", "een"):
        openapi = gateway.get(f"/{route}/openapi.json")
        assert openapi.status_code == 200 and openapi.json()["openapi"].startswith("3.")
        asyncapi = gateway.get(f"/{route}/asyncapi.json")
        assert asyncapi.status_code == 200 and asyncapi.json()["asyncapi"].startswith("3.")


def test_rate_limit_answers_429_problem(platform):
    # Its own client, last in this module: the burst it spends is its own.
    with httpx.Client(base_url=platform.gateway_url, timeout=10) as client, ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: client.get("/api/profiles/descriptors/s3:aerospace"), range(800)))
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "the gateway never limited a burst of 800 concurrent requests"
    assert all(r.status_code in (200, 429) for r in statuses)
    assert limited[0].headers["content-type"] == "application/problem+json"
    time.sleep(2)  # let the bucket refill for whoever comes next
