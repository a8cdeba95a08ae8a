from datetime import date, timedelta

import pytest

from contracts.events import (
    ExportStatus, InterestAccepted, InterestExpressed, ProposalKind, ProposalPublished, ProposalSource,
)
from proposals.domain.model import InterestStatus, NotAllowed, Proposal, ProposalRuleViolation, ProposalStatus


def publish(**overrides):
    args = dict(proposal_id="p1", owner_id="bob", kind=ProposalKind.TECHNOLOGY_OFFER, title="Composite brackets",
                summary="Summary", description="", descriptors=["s3:aerospace", "s3:aerospace"], deadline=None,
                share_with_een=False)
    args.update(overrides)
    return Proposal.publish(**args)


def test_publish_dedupes_descriptors_and_emits_full_state():
    proposal, event = publish()
    assert proposal.descriptors == ("s3:aerospace",)
    assert isinstance(event, ProposalPublished) and event.version == 1 and event.owner_id == "bob"


@pytest.mark.parametrize("overrides, message", [
    ({"title": "abc"}, "5 characters"),
    ({"descriptors": []}, "at least one descriptor"),
    ({"deadline": date.today() - timedelta(days=1)}, "past"),
])
def test_publish_rules(overrides, message):
    with pytest.raises(ProposalRuleViolation, match=message):
        publish(**overrides)


def test_only_the_owner_revises_and_closed_is_final():
    proposal, _ = publish()
    with pytest.raises(NotAllowed):
        proposal.revise(by="mallory", title="Hijacked title")
    revised, event = proposal.revise(by="bob", title="Better composite brackets")
    assert revised.version == 2 and event.title == "Better composite brackets"
    closed, closed_event = revised.close(reason="fulfilled", by="bob")
    assert closed.status is ProposalStatus.CLOSED and closed_event.version == 3
    assert closed.close(reason="fulfilled", by="bob")[1] is None  # closing twice changes nothing
    with pytest.raises(ProposalRuleViolation):
        closed.revise(by="bob", title="Too late for this")
    with pytest.raises(ProposalRuleViolation):
        closed.receive_interest(interest_id="i1", sender_id="alice", message="hi")


def test_interest_rules_and_answer():
    proposal, _ = publish()
    with pytest.raises(ProposalRuleViolation, match="own proposal"):
        proposal.receive_interest(interest_id="i1", sender_id="bob", message="me")
    with pytest.raises(ProposalRuleViolation, match="empty"):
        proposal.receive_interest(interest_id="i1", sender_id="alice", message="   ")
    interest, expressed = proposal.receive_interest(interest_id="i1", sender_id="alice", message="Let's talk")
    assert expressed.proposal_owner_id == "bob" and interest.visible_to("bob") and not interest.visible_to("eve")
    with pytest.raises(NotAllowed):
        interest.accept(by="alice")
    accepted, event = interest.accept(by="bob")
    assert accepted.status is InterestStatus.ACCEPTED and isinstance(event, InterestAccepted)
    with pytest.raises(ProposalRuleViolation, match="already accepted"):
        accepted.decline(by="bob", reason="changed my mind")


def test_een_offer_resync_is_idempotent_by_content_hash():
    proposal, _ = Proposal.from_een_offer(proposal_id="p9", een_reference="TOIT20251010001",
                                          kind=ProposalKind.TECHNOLOGY_OFFER, title="Sensors", summary="s",
                                          descriptors=["s3:agrifood"], deadline=None, content_hash="h1")
    assert proposal.source is ProposalSource.EEN and proposal.owner_id is None
    same, event = proposal.resync_from_een(kind=ProposalKind.TECHNOLOGY_OFFER, title="Sensors", summary="s",
                                           descriptors=["s3:agrifood"], deadline=None, content_hash="h1")
    assert event is None and same is proposal
    changed, event = proposal.resync_from_een(kind=ProposalKind.TECHNOLOGY_OFFER, title="Better sensors",
                                              summary="s", descriptors=["s3:agrifood"], deadline=None,
                                              content_hash="h2")
    assert event is not None and changed.version == 2
    with pytest.raises(NotAllowed):  # nobody on the platform owns an EEN offer
        changed.revise(by="bob", title="Edited by a member")


def een_offer() -> Proposal:
    proposal, _ = Proposal.from_een_offer(proposal_id="p9", een_reference="TOIT20251010001",
                                          kind=ProposalKind.TECHNOLOGY_OFFER, title="Sensors", summary="s",
                                          descriptors=["s3:agrifood"], deadline=None, content_hash="h1")
    return proposal


def test_the_description_travels_with_the_state_events():
    proposal, published = publish(description="  The whole story.  ")
    assert published.description == "The whole story."
    _, updated = proposal.revise(by="bob", description="A longer story.")
    assert updated.description == "A longer story."
    _, unchanged = proposal.revise(by="bob", title="Composite brackets, v2")
    assert unchanged.description == "The whole story."


# -- the POD copy of an exported proposal -------------------------------------------------------
def test_an_export_report_is_recorded_without_a_new_version():
    proposal, _ = publish(share_with_een=True)
    revised, _ = proposal.revise(by="bob", title="Better composite brackets")
    exported = revised.record_een_export(een_reference="TOBE20250101001", status=ExportStatus.PUBLISHED,
                                         proposal_version=2)
    assert (exported.een_reference, exported.een_export_status, exported.een_exported_version) == (
        "TOBE20250101001", ExportStatus.PUBLISHED, 2)
    assert exported.version == revised.version == 2 and exported.updated_at == revised.updated_at
    assert exported.source is ProposalSource.LOCAL
    # Later changes keep what we know of the POD copy, and tell the bridge its reference.
    _, updated = exported.revise(by="bob", summary="New summary")
    assert updated.een_reference == "TOBE20250101001" and updated.source is ProposalSource.LOCAL


def test_a_stale_export_report_is_ignored_and_the_same_version_may_change_status():
    proposal, _ = publish(share_with_een=True)
    exported = proposal.record_een_export(een_reference="TOBE1", status=ExportStatus.PUBLISHED, proposal_version=3)
    assert exported.record_een_export(een_reference="TOBE1", status=ExportStatus.WITHDRAWN,
                                      proposal_version=2) is exported
    withdrawn = exported.record_een_export(een_reference="TOBE1", status=ExportStatus.WITHDRAWN, proposal_version=3)
    assert withdrawn.een_export_status is ExportStatus.WITHDRAWN and withdrawn.een_exported_version == 3


def test_an_een_sourced_proposal_is_never_taken_for_an_exported_one():
    offer = een_offer()
    assert offer.record_een_export(een_reference="TOBE1", status=ExportStatus.PUBLISHED,
                                   proposal_version=5) is offer
    with pytest.raises(ProposalRuleViolation, match="local proposal"):
        offer.receive_een_interest(interest_id="i1", pod_interest_id="pod-1", organisation="Acme", country="DE",
                                   message="Hello")


# -- interest from EEN partners -----------------------------------------------------------------
def test_an_een_partner_interest_is_an_ordinary_interest_the_owner_answers():
    proposal, _ = publish(share_with_een=True)
    proposal = proposal.record_een_export(een_reference="TOBE1", status=ExportStatus.PUBLISHED, proposal_version=1)
    interest, expressed = proposal.receive_een_interest(
        interest_id="i1", pod_interest_id="pod-42", organisation=" Acme GmbH ", country="DE", message=" Let's talk ")
    assert interest.sender_id == "een:pod-42" and interest.status is InterestStatus.PENDING
    assert (interest.sender_organisation, interest.sender_country) == ("Acme GmbH", "DE")
    assert interest.message == "Let's talk"
    assert isinstance(expressed, InterestExpressed)
    assert (expressed.sender_id, expressed.proposal_owner_id, expressed.sender_organisation,
            expressed.sender_country, expressed.proposal_source) == (
        "een:pod-42", "bob", "Acme GmbH", "DE", ProposalSource.LOCAL)
    accepted, event = interest.accept(by="bob")
    assert accepted.status is InterestStatus.ACCEPTED and event.sender_id == "een:pod-42"


def test_a_closed_proposal_receives_no_een_interest():
    proposal, _ = publish(share_with_een=True)
    closed, _ = proposal.close(reason="fulfilled", by="bob")
    with pytest.raises(ProposalRuleViolation, match="closed"):
        closed.receive_een_interest(interest_id="i1", pod_interest_id="pod-1", organisation="Acme", country="DE",
                                    message="Hello")


def test_a_member_interest_names_no_organisation():
    proposal, _ = publish()
    interest, expressed = proposal.receive_interest(interest_id="i1", sender_id="alice", message="Hi")
    assert interest.sender_organisation is None and expressed.sender_organisation is None
    assert expressed.sender_country is None
