"""The een-bridge against the real broker, database and Redis."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from contracts import topics
from contracts.envelope import encode
from contracts.events import (
    IntegrationEvent, InterestExpressed, ProposalClosed, ProposalKind, ProposalPublished, ProposalSource,
    ProposalUpdated, UserErased,
)
from contracts.topics import dead_letter_topic
from een_bridge.entrypoints.app import EenBridgeSettings, create_app
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id
from tests.support.apps import running, wait_until
from tests.support.kafka import data_of, headers_of, produce_raw, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
EEN_OPERATOR = ISSUER.headers("een-operator", [ROLE_EEN_OPERATOR])
PLATFORM_OPERATOR = ISSUER.headers("platform-operator", [ROLE_PLATFORM_OPERATOR])
MEMBER = ISSUER.headers("member", [ROLE_MEMBER])
_sequence = itertools.count(1)


@pytest.fixture(scope="module")
async def bridge(infra):
    app = create_app(EenBridgeSettings(mongo_db="een_bridge_it"))
    async with running(app, ISSUER) as client:
        yield client


def next_reference() -> str:
    return f"TOIT20251010{next(_sequence):03d}"


def pod_profile(reference: str, **overrides) -> dict:
    body = {"reference": reference, "type": "TO", "title": "Low-power IoT soil sensors",
            "summary": "Wireless soil moisture sensors for precision irrigation.",
            "technology_keywords": ["01003008", "09001001", "99001001"],
            "market_keywords": ["08001003"], "nace_codes": ["C28.1", "Z99"], "country": "IT",
            "deadline": "2026-06-30", "status": "published",
            "contact": {"organisation": "ignored by the bridge"}}
    body.update(overrides)
    return body


async def produce(infra, event: IntegrationEvent, *, key: bytes | None = None, event_id: str | None = None) -> None:
    """A real CloudEvents record, as the owning service's relay would send it. `key` overrides
    the record key, to put records of different aggregates on one partition in a known order."""
    record = encode(event, event_id=event_id or new_id(), source="/proposals")
    await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, key or record.key)


async def found(bridge, path: str, predicate=lambda body: True):
    async def check():
        response = await bridge.get(path, headers=PLATFORM_OPERATOR)
        return response.json() if response.status_code == 200 and predicate(response.json()) else None
    return await wait_until(check, timeout=20)


async def status(bridge) -> dict:
    response = await bridge.get("/status", headers=EEN_OPERATOR)
    assert response.status_code == 200, response.text
    return response.json()


def proposal_state(proposal_id: str, version: int, *, share: bool, title: str = "Titanium brackets",
                   source: ProposalSource = ProposalSource.LOCAL, updated: bool = False) -> IntegrationEvent:
    event_class = ProposalUpdated if updated else ProposalPublished
    return event_class(proposal_id=proposal_id, version=version, owner_id=None if source == "een" else new_id(),
                       kind=ProposalKind.TECHNOLOGY_OFFER, title=title, summary="Additive manufacturing.",
                       descriptors=["s3:aerospace"], source=source, share_with_een=share,
                       deadline=date(2026, 12, 31), published_at=datetime.now(UTC))


async def test_health_reports_every_dependency_up(bridge):
    response = await bridge.get("/health")
    assert response.status_code == 200, response.text
    assert {name: check["status"] for name, check in response.json()["checks"].items()} == {
        "mongodb": "up", "kafka": "up", "redis": "up"}


async def test_ingested_offers_are_synced_changed_and_closed_once(bridge, infra):
    reference = next_reference()
    first = await bridge.post("/offers", json=pod_profile(reference), headers=EEN_OPERATOR)
    assert first.status_code == 201, first.text
    assert first.json()["changed"] is True and first.json()["published_event"] == "een.offer.synced.v1"

    same = await bridge.post("/offers", json=pod_profile(reference, title="  Low-power IoT   soil sensors"),
                             headers=EEN_OPERATOR)
    assert same.status_code == 200 and same.json()["changed"] is False and same.json()["published_event"] is None

    revised = await bridge.post("/offers", json=pod_profile(reference, title="Low-power IoT soil sensors v2"),
                                headers=EEN_OPERATOR)
    assert revised.status_code == 200 and revised.json()["changed"] is True and revised.json()["version"] == 2

    for title in ("Low-power IoT soil sensors v2", "Edited while withdrawn"):
        withdrawn = await bridge.post("/offers", json=pod_profile(reference, title=title, status="withdrawn"),
                                      headers=EEN_OPERATOR)
        assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    expired = await bridge.post("/offers", json=pod_profile(reference, title=title, status="expired"),
                                headers=EEN_OPERATOR)
    assert expired.json()["published_event"] is None
    # Re-published last: every event the steps above could have caused is on the topic before this one.
    reopened = await bridge.post("/offers", json=pod_profile(reference), headers=EEN_OPERATOR)
    assert reopened.json()["published_event"] == "een.offer.synced.v1"

    records = await read_topic(infra.kafka_bootstrap, topics.EEN_OFFER, lambda r: r.key == reference.encode(),
                               count=4)
    assert [headers_of(r)["ce_type"] for r in records] == [
        "een.offer.synced.v1", "een.offer.synced.v1", "een.offer.closed.v1", "een.offer.synced.v1"]
    assert all(headers_of(r)["ce_source"] == "/een-bridge" for r in records)
    synced = data_of(records[0])
    assert synced["een_reference"] == reference and synced["kind"] == "technology_offer"
    assert synced["descriptors"] == ["een-tech:01003008", "s3c:advanced-manufacturing-01", "een-tech:09001001",
                                     "s3c:aerospace-01", "een-market:08001003", "nace:28"]
    assert synced["unmapped_keywords"] == ["99001001", "Z99"]
    assert synced["country"] == "IT" and synced["deadline"] == "2026-06-30"
    assert synced["content_hash"] == first.json()["content_hash"]
    assert data_of(records[1])["title"] == "Low-power IoT soil sensors v2"
    assert data_of(records[2]) == {"een_reference": reference, "reason": "withdrawn"}
    assert data_of(records[3])["content_hash"] == synced["content_hash"]

    stored = await bridge.get(f"/offers/{reference}", headers=PLATFORM_OPERATOR)
    assert stored.status_code == 200
    mapping = stored.json()["mapping"]
    assert mapping["unmapped_keywords"] == ["99001001", "Z99"]
    assert {"vocabulary": "nace", "keyword": "C28.1", "codes": ["nace:28"]} in mapping["matches"]
    assert mapping["version"].startswith("een_to_s3@")


async def test_only_een_operators_ingest(bridge):
    for headers in (MEMBER, PLATFORM_OPERATOR):
        response = await bridge.post("/offers", json=pod_profile(next_reference()), headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await bridge.post("/offers", json=pod_profile(next_reference()))).status_code == 401
    for path in ("/status", f"/offers/{next_reference()}"):
        response = await bridge.get(path, headers=MEMBER)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await bridge.get(f"/offers/{next_reference()}", headers=EEN_OPERATOR)).status_code == 404


@pytest.mark.parametrize("overrides", [
    {"reference": "IT-TO-2025-1"}, {"reference": "TOIT20251399001"}, {"reference": "BOIT20251010001"},
    {"type": "XX"}, {"status": "draft"}, {"country": "Italy"}, {"title": ""}, {"deadline": "next week"},
])
async def test_bad_profiles_are_422_problems(bridge, overrides):
    body = pod_profile(next_reference())
    body.update(overrides)
    response = await bridge.post("/offers", json=body, headers=EEN_OPERATOR)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_shared_local_proposals_wait_for_export(bridge, infra):
    before = (await status(bridge))["exports"]
    local, from_een = new_id(), new_id()
    # The EEN-sourced one goes first on the same partition: when the local one is in, it was handled.
    await produce(infra, proposal_state(from_een, 1, share=True, source=ProposalSource.EEN), key=local.encode())
    await produce(infra, proposal_state(local, 1, share=True))
    export = await found(bridge, f"/exports/{local}")
    assert export["state"] == "pending_export" and export["title"] == "Titanium brackets"
    assert (await bridge.get(f"/exports/{from_een}", headers=PLATFORM_OPERATOR)).status_code == 404
    assert (await status(bridge))["exports"]["pending_export"] == before["pending_export"] + 1


async def test_exports_ignore_stale_versions(bridge, infra):
    proposal_id = new_id()
    await produce(infra, proposal_state(proposal_id, 1, share=True))
    await produce(infra, proposal_state(proposal_id, 3, share=True, title="Version three", updated=True))
    await produce(infra, proposal_state(proposal_id, 2, share=True, title="Stale version two", updated=True))
    await produce(infra, ProposalClosed(proposal_id=proposal_id, version=4, reason="withdrawn"))
    export = await found(bridge, f"/exports/{proposal_id}", lambda e: e["version"] == 4)
    # This bridge has no POD: the proposal never reached it, so there is nothing to withdraw.
    assert export["state"] == "not_shared" and export["title"] == "Version three"
    assert export["pod_reference"] is None


async def test_interest_in_een_offers_waits_to_be_forwarded(bridge, infra):
    before = (await status(bridge))["forwards"]["pending"]
    sender, interest_id, local_id, later_id = new_id(), new_id(), new_id(), new_id()

    def interest(interest_id: str, message: str, source: ProposalSource = ProposalSource.EEN) -> InterestExpressed:
        return InterestExpressed(interest_id=interest_id, proposal_id=new_id(), proposal_title="IoT soil sensors",
                                 proposal_owner_id=None, proposal_source=source,
                                 een_reference="TOIT20251010999" if source == "een" else None,
                                 sender_id=sender, message=message)

    await produce(infra, interest(interest_id, "We grow tomatoes."))
    await produce(infra, interest(interest_id, "Re-published."))  # same interest, new event id
    await produce(infra, interest(local_id, "Local: stays here.", ProposalSource.LOCAL), key=interest_id.encode())
    await produce(infra, interest(later_id, "Us too."), key=interest_id.encode())
    await found(bridge, f"/forwards/{later_id}")
    forward = await found(bridge, f"/forwards/{interest_id}")
    assert forward["state"] == "pending" and forward["message"] == "We grow tomatoes."
    assert forward["een_reference"] == "TOIT20251010999" and forward["sender_id"] == sender
    assert (await bridge.get(f"/forwards/{local_id}", headers=PLATFORM_OPERATOR)).status_code == 404
    assert (await status(bridge))["forwards"]["pending"] == before + 2
    # Handled, not failed: the consumer dead-letters a record before it reads the next one.
    dead = await read_topic(infra.kafka_bootstrap, dead_letter_topic(topics.PROPOSALS_INTEREST, "een-bridge"),
                            lambda r: r.key.decode() in (interest_id, local_id, later_id), timeout=3)
    assert dead == []

    await produce(infra, UserErased(user_id=sender))
    erased = await found(bridge, f"/forwards/{interest_id}", lambda f: f["state"] == "cancelled")
    assert erased["sender_id"] != sender and "tomatoes" not in erased["message"]
