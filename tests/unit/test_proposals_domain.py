from datetime import date, timedelta

import pytest

from contracts.events import InterestAccepted, ProposalKind, ProposalPublished, ProposalSource
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
