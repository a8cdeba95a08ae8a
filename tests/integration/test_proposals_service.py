"""The proposals service against the real broker, database and Redis."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from contracts import topics
from contracts.envelope import encode
from contracts.events import (
    EenInterestReceived, EenOfferClosed, EenOfferSynced, EenProposalExported, ExportStatus, IntegrationEvent,
    ProposalKind,
)
from proposals.entrypoints.app import ProposalsSettings, create_app
from servicekit.ids import new_id
from tests.support.apps import running, wait_until
from tests.support.kafka import data_of, headers_of, produce_raw, read_topic
from tests.support.notifications import handled
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()


@pytest.fixture(scope="module")
async def proposals(infra):
    app = create_app(ProposalsSettings(mongo_db="proposals_it"))
    async with running(app, ISSUER) as client:
        yield client


def new_proposal(**overrides) -> dict:
    body = {"kind": "technology_offer", "title": "Lightweight composite brackets",
            "summary": "Additive manufacturing of titanium brackets for aircraft cabins.",
            "descriptors": ["s3:aerospace", "s3:advanced-manufacturing"],
            "deadline": (date.today() + timedelta(days=60)).isoformat()}
    body.update(overrides)
    return body


async def test_publish_writes_state_and_event_together(proposals, infra):
    owner = new_id()
    response = await proposals.post("/proposals", json=new_proposal(), headers=ISSUER.headers(owner))
    assert response.status_code == 201, response.text
    proposal = response.json()
    assert response.headers["etag"] == '"v1"'
    assert proposal["owner_id"] == owner and proposal["status"] == "published"

    records = await read_topic(infra.kafka_bootstrap, topics.PROPOSALS_PROPOSAL,
                               lambda r: r.key == proposal["id"].encode())
    headers = headers_of(records[0])
    assert headers["ce_type"] == "proposals.proposal.published.v1"
    assert headers["ce_source"] == "/proposals" and headers["ce_specversion"] == "1.0"
    assert headers["ce_subject"] == proposal["id"]
    assert data_of(records[0])["descriptors"] == ["s3:aerospace", "s3:advanced-manufacturing"]


async def test_unknown_descriptor_is_422_problem(proposals):
    response = await proposals.post("/proposals", json=new_proposal(descriptors=["s3:atlantis"]),
                                    headers=ISSUER.headers(new_id()))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "s3:atlantis" in response.json()["detail"]


@pytest.mark.parametrize("body", [
    {}, {"kind": "nonsense"}, "not json at all",
])
async def test_bad_input_is_4xx_problem(proposals, body):
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = await proposals.post("/proposals", headers=ISSUER.headers(new_id()), **kwargs)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/problem+json")


def problem_fields(response) -> list[str]:
    """The fields a 422 problem names (the last part of each error's `loc`)."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["loc"][-1] for error in response.json()["errors"]]


async def test_control_characters_are_refused_naming_the_field(proposals):
    owner, headers = new_id(), ISSUER.headers(new_id())
    assert problem_fields(await proposals.post("/proposals", json=new_proposal(title="Brackets\u0000 for cabins"),
                                               headers=headers)) == ["title"]
    assert problem_fields(await proposals.post("/proposals", json=new_proposal(title="Brackets\nfor cabins"),
                                               headers=headers)) == ["title"]
    assert problem_fields(await proposals.post("/proposals", json=new_proposal(summary="Titanium\u001b[31m"),
                                               headers=headers)) == ["summary"]
    assert problem_fields(await proposals.get("/proposals", params={"text": "brackets\u0000"},
                                              headers=headers)) == ["text"]
    # Tabs and line breaks are text in a multi-line field; surrounding blanks are trimmed.
    created = await proposals.post("/proposals", json=new_proposal(
        title="  Brackets for cabins  ", description="Stage:\tprototype\r\nIPR:\tpatented\n"),
        headers=ISSUER.headers(owner))
    assert created.status_code == 201, created.text
    proposal = created.json()
    assert proposal["title"] == "Brackets for cabins"
    assert proposal["description"] == "Stage:\tprototype\r\nIPR:\tpatented"
    url = f"/proposals/{proposal['id']}"
    assert problem_fields(await proposals.post(f"{url}/interests", json={"message": "We\u0000 make them"},
                                               headers=headers)) == ["message"]
    assert problem_fields(await proposals.patch(url, json={"title": "Brackets\u0007"},
                                                headers={**ISSUER.headers(owner), "If-Match": '"v1"'})) == ["title"]


async def test_requires_a_valid_token(proposals):
    assert (await proposals.get("/proposals")).status_code == 401
    forged = TestIssuer().headers(new_id())  # signed by a key the service does not trust
    response = await proposals.get("/proposals", headers=forged)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_idempotency_key_never_creates_twice(proposals):
    owner = new_id()
    headers = {**ISSUER.headers(owner), "Idempotency-Key": new_id()}
    first = await proposals.post("/proposals", json=new_proposal(), headers=headers)
    again = await proposals.post("/proposals", json=new_proposal(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    mine = await proposals.get("/proposals", params={"owner": "me"}, headers=ISSUER.headers(owner))
    assert len(mine.json()["items"]) == 1
    changed = await proposals.post("/proposals", json=new_proposal(title="Something else entirely"), headers=headers)
    assert changed.status_code == 422


async def test_revise_needs_matching_if_match(proposals):
    owner = new_id()
    created = (await proposals.post("/proposals", json=new_proposal(), headers=ISSUER.headers(owner))).json()
    url = f"/proposals/{created['id']}"
    assert (await proposals.patch(url, json={"title": "A better title"}, headers=ISSUER.headers(owner))).status_code == 428
    ok = await proposals.patch(url, json={"title": "A better title"}, headers={**ISSUER.headers(owner), "If-Match": '"v1"'})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.headers["etag"] == '"v2"'
    stale = await proposals.patch(url, json={"title": "Lost update"}, headers={**ISSUER.headers(owner), "If-Match": '"v1"'})
    assert stale.status_code == 412
    other = await proposals.patch(url, json={"title": "Not mine"}, headers={**ISSUER.headers(new_id()), "If-Match": '"v2"'})
    assert other.status_code == 403


async def test_interest_lifecycle(proposals, infra):
    owner, sender = new_id(), new_id()
    proposal = (await proposals.post("/proposals", json=new_proposal(), headers=ISSUER.headers(owner))).json()
    url = f"/proposals/{proposal['id']}/interests"
    assert (await proposals.post(url, json={"message": "me"}, headers=ISSUER.headers(owner))).status_code == 409
    created = await proposals.post(url, json={"message": "We make these brackets."}, headers=ISSUER.headers(sender))
    assert created.status_code == 201
    interest = created.json()
    assert (await proposals.post(url, json={"message": "again"}, headers=ISSUER.headers(sender))).status_code == 409
    # Only the owner answers; the sender cannot accept their own interest.
    assert (await proposals.post(f"/interests/{interest['id']}/accept", headers=ISSUER.headers(sender))).status_code == 403
    accepted = await proposals.post(f"/interests/{interest['id']}/accept", headers=ISSUER.headers(owner))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert (await proposals.post(f"/interests/{interest['id']}/decline", headers=ISSUER.headers(owner))).status_code == 409
    seen_by_sender = await proposals.get(f"/interests/{interest['id']}", headers=ISSUER.headers(sender))
    assert seen_by_sender.json()["status"] == "accepted"
    assert (await proposals.get(f"/interests/{interest['id']}", headers=ISSUER.headers(new_id()))).status_code == 404

    records = await read_topic(infra.kafka_bootstrap, topics.PROPOSALS_INTEREST,
                               lambda r: r.key == interest["id"].encode(), count=2)
    assert [headers_of(r)["ce_type"] for r in records] == [
        "proposals.interest.expressed.v1", "proposals.interest.accepted.v1"]


async def test_my_interests_about_one_proposal(proposals):
    """What a proposal's page asks: did I express interest in it, and where does it stand."""
    owner, sender, stranger = new_id(), new_id(), new_id()
    first = (await proposals.post("/proposals", json=new_proposal(), headers=ISSUER.headers(owner))).json()
    second = (await proposals.post("/proposals", json=new_proposal(), headers=ISSUER.headers(owner))).json()
    for proposal in (first, second):
        created = await proposals.post(f"/proposals/{proposal['id']}/interests", json={"message": "Interested."},
                                       headers=ISSUER.headers(sender))
        assert created.status_code == 201, created.text

    def about(proposal_id: str, role: str = "sent") -> dict:
        return {"proposal_id": proposal_id, "role": role}

    sent = await proposals.get("/interests", params=about(first["id"]), headers=ISSUER.headers(sender))
    assert sent.status_code == 200
    assert [i["proposal_id"] for i in sent.json()["items"]] == [first["id"]]
    received = await proposals.get("/interests", params=about(second["id"], "received"), headers=ISSUER.headers(owner))
    assert [i["proposal_id"] for i in received.json()["items"]] == [second["id"]]
    # Anyone else asking about the proposal sees none of them: the filter narrows, never widens.
    for caller, role in ((stranger, "sent"), (stranger, "received"), (owner, "sent"), (sender, "received")):
        seen = await proposals.get("/interests", params=about(first["id"], role), headers=ISSUER.headers(caller))
        assert seen.status_code == 200 and seen.json()["items"] == []
    too_long = await proposals.get("/interests", params=about("x" * 65), headers=ISSUER.headers(sender))
    assert too_long.status_code == 422
    assert (await proposals.get("/interests", params=about(first["id"]))).status_code == 401


async def test_search_with_cursor_pagination(proposals):
    owner = new_id()
    for n in range(5):
        await proposals.post("/proposals", json=new_proposal(title=f"Biobased packaging {owner[-6:]} {n}",
                                                             descriptors=["s3:agrifood"]),
                             headers=ISSUER.headers(owner))
    seen, cursor = [], None
    while True:
        params = {"owner": "me", "limit": 2, "descriptor": "s3:agrifood", **({"cursor": cursor} if cursor else {})}
        page = (await proposals.get("/proposals", params=params, headers=ISSUER.headers(owner))).json()
        seen += [p["title"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Biobased packaging {owner[-6:]} {n}" for n in reversed(range(5))]
    found = await proposals.get("/proposals", params={"text": f"PACKAGING {owner[-6:]} 3"}, headers=ISSUER.headers(owner))
    assert [p["title"] for p in found.json()["items"]] == [f"Biobased packaging {owner[-6:]} 3"]
    bad = await proposals.get("/proposals", params={"cursor": "%%%"}, headers=ISSUER.headers(owner))
    assert bad.status_code == 400


async def test_browsing_by_an_area_finds_proposals_tagged_with_its_challenges(proposals):
    owner = new_id()
    titles = {}
    for tag in ("s3:aerospace", "s3c:aerospace-01", "s3c:agrifood-01", "een-tech:01003002"):
        body = new_proposal(title=f"Tagged {tag} {owner[-6:]}", descriptors=[tag])
        created = await proposals.post("/proposals", json=body, headers=ISSUER.headers(owner))
        assert created.status_code == 201, created.text
        titles[tag] = created.json()["title"]

    async def browse(*descriptors: str) -> set[str]:
        params = {"owner": "me", "descriptor": list(descriptors)}
        page = await proposals.get("/proposals", params=params, headers=ISSUER.headers(owner))
        assert page.status_code == 200, page.text
        return {p["title"] for p in page.json()["items"]}

    # An area finds itself and its challenges (as notification matching does), never a sibling's;
    # a challenge finds only itself; the hierarchy holds for every scheme (EEN keyword levels too).
    assert await browse("s3:aerospace") == {titles["s3:aerospace"], titles["s3c:aerospace-01"]}
    assert await browse("s3c:aerospace-01") == {titles["s3c:aerospace-01"]}
    assert await browse("een-tech:01") == {titles["een-tech:01003002"]}
    assert await browse("s3:agrifood", "s3c:aerospace-01") == {titles["s3c:agrifood-01"], titles["s3c:aerospace-01"]}
    assert await browse("s3:atlantis") == set()


async def test_een_offer_event_becomes_a_proposal_once(proposals, infra):
    reference = f"TOIT{new_id()[-10:]}"
    event = EenOfferSynced(een_reference=reference, kind=ProposalKind.TECHNOLOGY_OFFER,
                           title="Smart irrigation sensors", summary="Low-power soil sensors.",
                           descriptors=["s3:agrifood", "een-tech:not-a-code"], country="IT", content_hash="h1")
    record = encode(event, event_id=new_id(), source="/een-bridge")
    for _ in range(2):  # a redelivery, and the same content re-synced
        await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, record.key)
    await produce_raw(infra.kafka_bootstrap, record.topic, record.value,
                      {**record.headers, "ce_id": new_id()}, record.key)
    user = ISSUER.headers(new_id())

    async def imported():
        page = (await proposals.get("/proposals", params={"source": "een", "text": "irrigation"}, headers=user)).json()
        return [p for p in page["items"] if p["een_reference"] == reference]

    found = await wait_until(imported, timeout=15)
    assert len(found) == 1
    assert found[0]["owner_id"] is None and found[0]["descriptors"] == ["s3:agrifood"]
    assert found[0]["version"] == 1


async def from_bridge(bootstrap: str, event: IntegrationEvent, *, event_id: str | None = None) -> None:
    """Publish `event` as the een-bridge would and wait until the proposals service handled it."""
    record = encode(event, event_id=event_id or new_id(), source="/een-bridge")
    partition, offset = await produce_raw(bootstrap, record.topic, record.value, record.headers, record.key)
    await handled(bootstrap, record.topic, partition, offset, group="proposals")


async def shared_proposal(proposals, owner: str) -> dict:
    response = await proposals.post("/proposals", json=new_proposal(share_with_een=True,
                                                                    description="Ti-6Al-4V, EBM, 40% lighter."),
                                    headers=ISSUER.headers(owner))
    assert response.status_code == 201, response.text
    return response.json()


async def state_events(bootstrap: str, proposal_id: str, *, at_least: int) -> list[str]:
    """The event types published about the proposal, waiting a little for one more than expected."""
    records = await read_topic(bootstrap, topics.PROPOSALS_PROPOSAL, lambda r: r.key == proposal_id.encode(),
                               count=at_least + 1, timeout=3)
    return [headers_of(r)["ce_type"] for r in records]


async def test_the_description_travels_in_the_state_events(proposals, infra):
    owner = new_id()
    proposal = await shared_proposal(proposals, owner)
    revised = await proposals.patch(f"/proposals/{proposal['id']}", json={"description": "Now 45% lighter."},
                                    headers={**ISSUER.headers(owner), "If-Match": '"v1"'})
    assert revised.status_code == 200
    records = await read_topic(infra.kafka_bootstrap, topics.PROPOSALS_PROPOSAL,
                               lambda r: r.key == proposal["id"].encode(), count=2)
    assert [data_of(r)["description"] for r in records] == ["Ti-6Al-4V, EBM, 40% lighter.", "Now 45% lighter."]


async def test_an_export_report_is_recorded_without_an_event_or_a_new_version(proposals, infra):
    kafka, owner = infra.kafka_bootstrap, new_id()
    proposal = await shared_proposal(proposals, owner)
    url, reference = f"/proposals/{proposal['id']}", f"TOBE{new_id()[-10:]}"
    await from_bridge(kafka, EenProposalExported(proposal_id=proposal["id"], proposal_version=1,
                                                 een_reference=reference, status=ExportStatus.PUBLISHED))
    seen = await proposals.get(url, headers=ISSUER.headers(owner))
    assert seen.headers["etag"] == '"v1"'
    assert {k: seen.json()[k] for k in ("een_reference", "een_export_status", "een_exported_version", "version",
                                         "source")} == {
        "een_reference": reference, "een_export_status": "published", "een_exported_version": 1, "version": 1,
        "source": "local"}
    # No ProposalUpdated: the bridge would export again, report again, and so on forever.
    assert await state_events(kafka, proposal["id"], at_least=1) == ["proposals.proposal.published.v1"]

    revised = await proposals.patch(url, json={"title": "Lighter composite brackets"},
                                    headers={**ISSUER.headers(owner), "If-Match": '"v1"'})
    assert revised.json()["een_reference"] == reference  # the next export updates the same POD profile
    await from_bridge(kafka, EenProposalExported(proposal_id=proposal["id"], proposal_version=2,
                                                 een_reference=reference, status=ExportStatus.PUBLISHED))
    await from_bridge(kafka, EenProposalExported(proposal_id=proposal["id"], proposal_version=1,  # late, older
                                                 een_reference=reference, status=ExportStatus.WITHDRAWN))
    current = (await proposals.get(url, headers=ISSUER.headers(owner))).json()
    assert (current["een_export_status"], current["een_exported_version"], current["version"]) == ("published", 2, 2)

    # The POD profile is ours: the offer sync neither imports it back nor closes the member's proposal.
    await from_bridge(kafka, EenOfferSynced(een_reference=reference, kind=ProposalKind.TECHNOLOGY_OFFER,
                                            title="Lighter composite brackets", summary="Echo from the POD.",
                                            descriptors=["s3:aerospace"], country="BE", content_hash="echo"))
    await from_bridge(kafka, EenOfferClosed(een_reference=reference, reason="expired"))
    after = (await proposals.get(url, headers=ISSUER.headers(owner))).json()
    assert (after["status"], after["version"], after["source"]) == ("published", 2, "local")
    imported = await proposals.get("/proposals", params={"source": "een", "text": "Echo from the POD"},
                                   headers=ISSUER.headers(owner))
    assert [p for p in imported.json()["items"] if p["een_reference"] == reference] == []

    await proposals.post(f"{url}/close", headers=ISSUER.headers(owner))
    await from_bridge(kafka, EenProposalExported(proposal_id=proposal["id"], proposal_version=3,
                                                 een_reference=reference, status=ExportStatus.WITHDRAWN))
    closed = (await proposals.get(url, headers=ISSUER.headers(owner))).json()
    assert (closed["status"], closed["een_export_status"], closed["version"]) == ("closed", "withdrawn", 3)


def een_interest(proposal_id: str, **overrides) -> EenInterestReceived:
    fields = dict(proposal_id=proposal_id, een_reference="TOBE20250101001", pod_interest_id=f"pod-{new_id()}",
                  sender_organisation="Acme Aero GmbH", sender_country="DE",
                  message="We machine titanium brackets for two airframers.")
    return EenInterestReceived(**{**fields, **overrides})


async def test_an_een_partner_interest_reaches_the_owner_once_and_can_be_accepted(proposals, infra):
    kafka, owner = infra.kafka_bootstrap, new_id()
    proposal = await shared_proposal(proposals, owner)
    event, event_id = een_interest(proposal["id"]), new_id()
    await from_bridge(kafka, event, event_id=event_id)
    await from_bridge(kafka, event, event_id=event_id)  # redelivered
    await from_bridge(kafka, event)  # polled again from the POD: a new event, the same interest

    received = await proposals.get(f"/proposals/{proposal['id']}/interests", headers=ISSUER.headers(owner))
    [interest] = received.json()["items"]
    assert (interest["sender_id"], interest["sender_organisation"], interest["sender_country"]) == (
        f"een:{event.pod_interest_id}", "Acme Aero GmbH", "DE")
    assert interest["message"] == event.message and interest["status"] == "pending"
    inbox = await proposals.get("/interests", params={"role": "received"}, headers=ISSUER.headers(owner))
    assert [i["id"] for i in inbox.json()["items"]] == [interest["id"]]

    accepted = await proposals.post(f"/interests/{interest['id']}/accept", headers=ISSUER.headers(owner))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    records = await read_topic(kafka, topics.PROPOSALS_INTEREST, lambda r: r.key == interest["id"].encode(),
                               count=3, timeout=5)
    assert [headers_of(r)["ce_type"] for r in records] == [
        "proposals.interest.expressed.v1", "proposals.interest.accepted.v1"]
    expressed = data_of(records[0])
    assert (expressed["proposal_owner_id"], expressed["sender_organisation"], expressed["sender_country"]) == (
        owner, "Acme Aero GmbH", "DE")
    assert expressed["proposal_source"] == "local"  # so the bridge does not forward it back to the POD


async def test_an_een_interest_on_a_closed_or_unknown_proposal_creates_nothing(proposals, infra):
    kafka, owner = infra.kafka_bootstrap, new_id()
    proposal = await shared_proposal(proposals, owner)
    await proposals.post(f"/proposals/{proposal['id']}/close", headers=ISSUER.headers(owner))
    on_closed, on_unknown = een_interest(proposal["id"]), een_interest(new_id())
    await from_bridge(kafka, on_closed)
    await from_bridge(kafka, on_unknown)

    received = await proposals.get(f"/proposals/{proposal['id']}/interests", headers=ISSUER.headers(owner))
    assert received.json()["items"] == []
    assert not await read_topic(kafka, topics.PROPOSALS_INTEREST,
                                lambda r: data_of(r)["proposal_id"] in (on_closed.proposal_id, on_unknown.proposal_id),
                                timeout=3)
    # Skipped on purpose, not failed: neither became a dead letter.
    assert not await read_topic(kafka, f"{topics.EEN_INTEREST}.dlq.proposals",
                                lambda r: r.key in (on_closed.proposal_id.encode(), on_unknown.proposal_id.encode()),
                                timeout=3)


async def test_request_id_is_echoed_or_made(proposals):
    given = await proposals.get("/health", headers={"X-Request-ID": "client-req-42"})
    assert given.headers["x-request-id"] == "client-req-42"
    unsafe = await proposals.get("/health", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert unsafe.headers["x-request-id"] != "<script>alert(1)</script>" and len(unsafe.headers["x-request-id"]) == 36
