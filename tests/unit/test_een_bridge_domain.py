"""The een-bridge domain: POD references, keyword mapping, content hashing, and which
event an ingested profile causes. Pure: no I/O beyond reading the packaged data files."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contracts.events import EenOfferClosed, EenOfferSynced, ExportStatus, ProposalKind
from contracts.taxonomy import load_taxonomy
from een_bridge.adapters.vocabulary import build_keyword_mapper, keyword_mapper, read_een_to_s3
from een_bridge.domain.mapping import KeywordMapper, een_code_chain, nace_code_chain
from een_bridge.domain.model import (
    EenOffer, ExportSnapshot, ExportState, Forward, ForwardState, InvalidForward, InvalidPodProfile, PodDraft,
    PodProfile, PodType, ProposalExport, validate_reference,
)

MAPPER = KeywordMapper(
    known_codes=frozenset({"een-tech:01", "een-tech:01003", "een-tech:01003008", "een-market:01002003",
                           "nace:C", "nace:28"}),
    technology_to_s3={"01003": ("s3c:advanced-manufacturing-01",), "01003008": ("s3c:smart-communities-07",)},
    version="test",
)


def raw_profile(**overrides) -> dict:
    raw = {"reference": "TOIT20251010001", "type": "TO", "title": "Low-power IoT sensors",
           "summary": "Soil moisture sensors for precision irrigation.",
           "technology_keywords": ["01003008", "05001001"], "market_keywords": ["08001001"],
           "nace_codes": ["C28.1"], "country": "IT", "deadline": date(2026, 6, 30), "status": "published"}
    raw.update(overrides)
    return raw


def profile(**overrides) -> PodProfile:
    return PodProfile.normalised(**raw_profile(**overrides))


def ingest(existing: EenOffer | None, **overrides):
    p = profile(**overrides)
    mapping = MAPPER.map(technology=p.technology_keywords, market=p.market_keywords, nace=p.nace_codes)
    return EenOffer.ingest(existing, p, mapping, now=datetime(2026, 1, 1, tzinfo=UTC))


# -- references -------------------------------------------------------------------------------

@pytest.mark.parametrize(("reference", "pod_type"), [
    ("TOIT20251010001", PodType.TECHNOLOGY_OFFER), ("TRDE20240229123", PodType.TECHNOLOGY_REQUEST),
    ("BOFR20230101001", PodType.BUSINESS_OFFER), ("BRES20231231999", PodType.BUSINESS_REQUEST),
    ("RDRNL20250505002", PodType.RESEARCH_REQUEST), (" toit20251010001 ", PodType.TECHNOLOGY_OFFER),
])
def test_valid_references(reference, pod_type):
    assert validate_reference(reference) == (pod_type, reference.strip().upper())


@pytest.mark.parametrize("reference", [
    "", "TOIT2025101001", "TOIT202510100011", "XXIT20251010001", "TOI120251010001", "TOIT20251310001",
    "TOIT20230229001", "IT TO20251010001", "TOIT20251010ABC", "TOIT-20251010-001",
])
def test_invalid_references(reference):
    with pytest.raises(InvalidPodProfile):
        validate_reference(reference)


def test_reference_must_agree_with_the_type():
    with pytest.raises(InvalidPodProfile, match="TO profile"):
        profile(type="BO")


@pytest.mark.parametrize("overrides", [{"type": "XX"}, {"status": "draft"}, {"country": "Italy"}, {"title": "  "}])
def test_invalid_profiles(overrides):
    with pytest.raises(InvalidPodProfile):
        profile(**overrides)


@pytest.mark.parametrize(("pod_type", "kind"), [
    ("TO", ProposalKind.TECHNOLOGY_OFFER), ("TR", ProposalKind.TECHNOLOGY_REQUEST),
    ("BO", ProposalKind.BUSINESS_OFFER), ("BR", ProposalKind.BUSINESS_REQUEST),
    ("RDR", ProposalKind.RESEARCH_REQUEST),
])
def test_type_maps_to_kind(pod_type, kind):
    assert profile(type=pod_type, reference=f"{pod_type}IT20251010001").kind is kind


# -- keyword mapping --------------------------------------------------------------------------

def test_code_chains():
    assert een_code_chain("01003004") == ["01003004", "01003", "01"]
    assert een_code_chain("02007") == ["02007", "02"]
    assert een_code_chain("0100300") == [] and een_code_chain("IoT") == []
    assert nace_code_chain("C28.1") == ["28.1", "28", "C"]
    assert nace_code_chain("c.28.11") == ["28.11", "28.1", "28", "C"]
    assert nace_code_chain("62") == ["62"] and nace_code_chain("C") == ["C"]
    assert nace_code_chain("Z99") == [] and nace_code_chain(".1") == [] and nace_code_chain("") == []


def test_keywords_map_to_the_most_specific_known_code_and_to_s3():
    mapping = MAPPER.map(technology=["01003008", "01003004"], market=["01002003"], nace=["C28.1", "C"])
    by_keyword = {m.keyword: m.codes for m in mapping.matches}
    assert by_keyword["01003008"] == ("een-tech:01003008", "s3c:smart-communities-07")  # longest prefix wins
    assert by_keyword["01003004"] == ("een-tech:01003", "s3c:advanced-manufacturing-01")
    assert by_keyword["01002003"] == ("een-market:01002003",)
    assert by_keyword["C28.1"] == ("nace:28",) and by_keyword["C"] == ("nace:C",)
    assert mapping.unmapped_keywords == []
    assert mapping.descriptors == ["een-tech:01003008", "s3c:smart-communities-07", "een-tech:01003",
                                   "s3c:advanced-manufacturing-01", "een-market:01002003", "nace:28", "nace:C"]


def test_unmapped_keywords_are_kept():
    mapping = MAPPER.map(technology=["99001001", "01003008"], market=["77"], nace=["Z99", "nace soup"])
    assert mapping.unmapped_keywords == ["99001001", "77", "Z99", "nace soup"]
    assert "een-tech:01003008" in mapping.descriptors


def test_the_packaged_mapping_only_names_known_codes():
    taxonomy = load_taxonomy()
    mapper = keyword_mapper()
    assert mapper.version.startswith(f"een_to_s3@{read_een_to_s3()['version']}+")
    assert mapper.technology_to_s3, "the table maps something"
    for prefix, codes in mapper.technology_to_s3.items():
        assert f"een-tech:{prefix}" in taxonomy
        assert all(taxonomy.get(c).scheme in ("s3", "s3c") for c in codes)
    mapping = mapper.map(technology=["09001001"], market=[], nace=[])
    assert mapping.descriptors == ["een-tech:09001001", "s3c:aerospace-01"]


@pytest.mark.parametrize("table", [
    {"technology": {"01": ["s3:aerospace"]}},                       # no version
    {"version": "1", "technology": {"99": ["s3:aerospace"]}},       # unknown EEN code
    {"version": "1", "technology": {"01": ["s3:atlantis"]}},        # unknown S3 code
    {"version": "1", "technology": {"01": ["nace:C"]}},             # not an S3 code
    {"version": "1", "technology": {"01": []}},
])
def test_a_broken_mapping_table_is_refused(table):
    with pytest.raises(ValueError):
        build_keyword_mapper(load_taxonomy(), table)


# -- content hash -----------------------------------------------------------------------------

def test_content_hash_is_stable_under_key_order_whitespace_and_keyword_order():
    reordered = dict(reversed(list(raw_profile().items())))
    spaced = raw_profile(title="  Low-power   IoT\tsensors ",
                         summary="Soil moisture sensors\nfor precision irrigation.",
                         technology_keywords=["05001001", " 01003008", "01003008"], country=" it ",
                         nace_codes=["c28.1"])
    hashes = {PodProfile.normalised(**r).content_hash() for r in (raw_profile(), reordered, spaced)}
    assert len(hashes) == 1


@pytest.mark.parametrize("overrides", [
    {"title": "High-power IoT sensors"}, {"technology_keywords": ["01003008"]}, {"deadline": None},
    {"status": "withdrawn"}, {"country": "FR"},
])
def test_content_hash_changes_with_content(overrides):
    assert profile(**overrides).content_hash() != profile().content_hash()


# -- which event ------------------------------------------------------------------------------

def test_a_new_published_offer_is_synced_with_its_mapping():
    ingested = ingest(None, technology_keywords=["01003008", "99001001"])
    assert ingested.changed and ingested.offer.version == 1
    event = ingested.event
    assert isinstance(event, EenOfferSynced)
    assert event.een_reference == "TOIT20251010001" and event.kind is ProposalKind.TECHNOLOGY_OFFER
    assert event.descriptors == ["een-tech:01003008", "s3c:smart-communities-07", "nace:28"]
    assert event.unmapped_keywords == ["99001001", "08001001"]
    assert event.content_hash == ingested.offer.content_hash


def test_the_same_content_again_changes_nothing():
    first = ingest(None)
    again = ingest(first.offer, title="Low-power  IoT sensors ")
    assert not again.changed and again.event is None and again.offer is first.offer


def test_changed_content_is_synced_again():
    first = ingest(None)
    changed = ingest(first.offer, title="Low-power IoT sensors, second edition")
    assert changed.changed and isinstance(changed.event, EenOfferSynced) and changed.offer.version == 2
    assert changed.offer.first_seen_at == first.offer.first_seen_at


@pytest.mark.parametrize("status", ["withdrawn", "expired"])
def test_closing_is_announced_once(status):
    published = ingest(None).offer
    closed = ingest(published, status=status)
    assert isinstance(closed.event, EenOfferClosed) and closed.event.reason == status
    edited_while_closed = ingest(closed.offer, status=status, title="Edited after closing")
    assert edited_while_closed.changed and edited_while_closed.event is None
    other_closing = ingest(closed.offer, status="expired" if status == "withdrawn" else "withdrawn")
    assert other_closing.event is None


def test_an_offer_first_seen_closed_announces_nothing():
    ingested = ingest(None, status="expired")
    assert ingested.changed and ingested.event is None


def test_a_reopened_offer_is_synced():
    closed = ingest(ingest(None).offer, status="withdrawn").offer
    assert isinstance(ingest(closed).event, EenOfferSynced)


# -- exports and forwards ---------------------------------------------------------------------

SNAPSHOT = ExportSnapshot(kind=ProposalKind.TECHNOLOGY_OFFER, title="Brackets", summary="Titanium",
                          descriptors=("s3:aerospace",), deadline=None)


def observe(existing, version, share):
    return ProposalExport.observe_state(existing, proposal_id="p1", version=version, share_with_een=share,
                                        snapshot=SNAPSHOT)


def test_export_lifecycle_and_stale_versions():
    shared = observe(None, 1, True)
    assert shared.state is ExportState.PENDING_EXPORT and shared.snapshot == SNAPSHOT
    assert observe(shared, 1, False) is None  # redelivered or stale: ignored
    # Unshared before it ever reached the POD: nothing to withdraw.
    assert observe(shared, 2, False).state is ExportState.NOT_SHARED

    exported, event = shared.published("TOIT20261122001", pushed_version=1)
    assert exported.state is ExportState.EXPORTED and exported.pod_reference == "TOIT20261122001"
    assert (event.proposal_id, event.proposal_version, event.een_reference, event.status) == (
        "p1", 1, "TOIT20261122001", ExportStatus.PUBLISHED)
    revised = observe(exported, 2, True)
    assert revised.state is ExportState.PENDING_EXPORT and revised.pod_reference == "TOIT20261122001"  # an update
    unshared = observe(exported, 2, False)
    assert unshared.state is ExportState.WITHDRAW_PENDING
    assert unshared.observe_closed(2) is None
    assert unshared.observe_closed(3).state is ExportState.WITHDRAW_PENDING
    assert exported.observe_closed(2).state is ExportState.WITHDRAW_PENDING

    withdrawn, event = unshared.withdrawn(pushed_version=2)
    assert withdrawn.state is ExportState.WITHDRAWN and event.status is ExportStatus.WITHDRAWN
    assert withdrawn.observe_closed(3).state is ExportState.WITHDRAWN
    again = observe(withdrawn, 3, True)  # a withdrawn POD profile cannot come back: a new one is published
    assert again.state is ExportState.PENDING_EXPORT and again.pod_reference is None


def test_a_version_that_arrived_while_the_pod_was_answering_stays_pending():
    exported, _ = observe(None, 1, True).published("TOIT20261122001", 1)
    newer = observe(exported, 2, True)
    after, event = newer.published("TOIT20261122001", pushed_version=1)  # the answer for version 1
    assert after.state is ExportState.PENDING_EXPORT and event.proposal_version == 1
    unshared_meanwhile = observe(observe(None, 1, True), 2, False)
    after, _ = unshared_meanwhile.published("TOIT20261122002", pushed_version=1)
    assert after.state is ExportState.WITHDRAW_PENDING and after.pod_reference == "TOIT20261122002"


def test_export_failures_are_counted_and_cleared_by_success():
    failing = observe(None, 1, True).failed("POD answered 403: not yours").failed("again")
    assert failing.attempts == 2 and failing.last_error == "again" and failing.state is ExportState.PENDING_EXPORT
    done, _ = failing.published("TOIT20261122001", 1)
    assert done.attempts == 0 and done.last_error is None


def test_pod_draft_carries_every_field_the_pod_has():
    snapshot = ExportSnapshot(kind=ProposalKind.RESEARCH_REQUEST, title="Brackets", summary="Titanium",
                              description="Long text", deadline=date(2027, 1, 31),
                              descriptors=("een-tech:01003008", "een-market:01002003", "nace:28",
                                           "s3c:advanced-manufacturing-01"))
    draft = PodDraft.of(snapshot, MAPPER.pod_keywords(snapshot.descriptors), "IT")
    assert draft.type is PodType.RESEARCH_REQUEST
    assert (draft.title, draft.summary, draft.description, draft.deadline, draft.country) == (
        "Brackets", "Titanium", "Long text", date(2027, 1, 31), "IT")
    # S3 has no POD field: it goes out as the EEN technology codes that map onto it.
    assert draft.technology_keywords == ("01003008", "01003")
    assert draft.market_keywords == ("01002003",) and draft.nace_codes == ("28",)


def test_forward_outcomes():
    forward = Forward.receive(interest_id="i", proposal_id="p", een_reference="TOIT20251010001", sender_id="u",
                              message="hi")
    assert forward.forwarded("pod-1").state is ForwardState.FORWARDED
    refused = forward.refused("POD answered 409: not published")
    assert refused.state is ForwardState.REFUSED and refused.last_error.startswith("POD answered 409")


def test_never_shared_proposals_hold_nothing_to_export():
    private = observe(None, 1, False)
    assert private.state is ExportState.NOT_SHARED and private.snapshot is None
    assert private.observe_closed(2).state is ExportState.NOT_SHARED
    assert observe(private.observe_closed(2), 1, True) is None  # a stale share after closing


def test_a_forward_needs_a_pod_reference():
    with pytest.raises(InvalidForward):
        Forward.receive(interest_id="i", proposal_id="p", een_reference=None, sender_id="u", message="hi")
