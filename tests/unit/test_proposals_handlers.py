"""The proposals service layer with in-memory repositories: ownership and visibility
checks, idempotency of interests (member and EEN), the EEN sync rules (create, refresh,
close, never our own exports), erasure, and the events each handler publishes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from contracts.events import (
    ExportStatus, InterestAccepted, InterestExpressed, ProposalClosed, ProposalKind, ProposalPublished,
    ProposalSource, ProposalUpdated,
)
from proposals.domain.model import Interest, InterestStatus, NotAllowed, Proposal, ProposalRuleViolation, ProposalStatus
from proposals.service_layer import commands, handlers
from servicekit.exceptions import Conflict, NotFound, PreconditionFailed
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

OFFER = ProposalKind.TECHNOLOGY_OFFER


class FakeProposals:
    def __init__(self) -> None:
        self.store: FakeStore[Proposal] = FakeStore()

    async def add(self, proposal: Proposal) -> None:
        self.store.insert(proposal)

    async def get(self, proposal_id: str) -> Proposal | None:
        return self.store.rows.get(proposal_id)

    async def get_by_een_reference(self, reference: str) -> Proposal | None:
        return self.store.first(lambda p: p.een_reference == reference)

    async def save(self, proposal: Proposal, *, previous_version: int | None = None) -> None:
        self.store.replace_versioned(proposal, previous_version)

    async def owned_by(self, owner_id: str) -> list[Proposal]:
        return self.store.where(lambda p: p.owner_id == owner_id and p.status is ProposalStatus.PUBLISHED)


class FakeInterests:
    def __init__(self) -> None:
        self.store: FakeStore[Interest] = FakeStore(unique=lambda i: (i.proposal_id, i.sender_id))

    async def add(self, interest: Interest) -> None:
        self.store.insert(interest)

    async def get(self, interest_id: str) -> Interest | None:
        return self.store.rows.get(interest_id)

    async def find(self, proposal_id: str, sender_id: str) -> Interest | None:
        return self.store.first(lambda i: (i.proposal_id, i.sender_id) == (proposal_id, sender_id))

    async def save(self, interest: Interest) -> None:
        self.store.replace_versioned(interest)

    async def redact_sender(self, sender_id: str) -> int:
        mine = self.store.where(lambda i: i.sender_id == sender_id)
        for interest in mine:
            self.store.replace(replace(interest, message="[removed at the user's request]", sender_id="erased-user"))
        return len(mine)


class FakeProposalsContext(FakeContext):
    proposals: FakeProposals
    interests: FakeInterests


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeProposalsContext]:
    return FakeUnitOfWork(FakeProposalsContext())


async def publish(uow, owner="owner", **overrides) -> Proposal:
    fields = dict(owner_id=owner, kind=OFFER, title="Composite wing ribs", summary="Thermoplastics",
                  description="", descriptors=["s3c:aerospace-01"])
    fields.update(overrides)
    return await uow.handle(handlers.publish_proposal, commands.PublishProposal(**fields))


async def interest(uow, proposal: Proposal, sender="alice") -> Interest:
    return await uow.handle(handlers.express_interest, commands.ExpressInterest(
        proposal_id=proposal.id, sender_id=sender, message="Our lab works on this."))


def sync_cmd(reference="EEN-1", **overrides) -> commands.SyncEenOffer:
    fields = dict(een_reference=reference, kind=OFFER, title="Sensor fusion for drones", summary="An offer",
                  descriptors=["s3:aerospace", "een-tech:unknown-code"], deadline=None, content_hash="h1")
    fields.update(overrides)
    return commands.SyncEenOffer(**fields)


async def test_publishing_stores_the_proposal_and_announces_it(uow):
    proposal = await publish(uow)
    assert uow.ctx.proposals.store.rows[proposal.id].owner_id == "owner"
    assert [type(e) for e in uow.ctx.published] == [ProposalPublished]


async def test_only_the_owner_revises_and_a_stale_version_is_refused(uow):
    proposal = await publish(uow)
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.revise_proposal, commands.ReviseProposal(
            proposal_id=proposal.id, by="intruder", expected_version=proposal.version, title="Taken over"))
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.revise_proposal, commands.ReviseProposal(
            proposal_id=proposal.id, by="owner", expected_version=proposal.version + 1, title="Too late"))
    revised = await uow.handle(handlers.revise_proposal, commands.ReviseProposal(
        proposal_id=proposal.id, by="owner", expected_version=proposal.version, title="Wing ribs, revised"))
    assert revised.version == proposal.version + 1
    assert isinstance(uow.ctx.published[-1], ProposalUpdated) and len(uow.ctx.published) == 2


async def test_closing_twice_publishes_once(uow):
    proposal = await publish(uow)
    for _ in range(2):
        await uow.handle(handlers.close_proposal, commands.CloseProposal(proposal_id=proposal.id, by="owner"))
    assert [type(e) for e in uow.ctx.published] == [ProposalPublished, ProposalClosed]


async def test_an_unknown_proposal_is_not_found(uow):
    with pytest.raises(NotFound):
        await uow.handle(handlers.close_proposal, commands.CloseProposal(proposal_id="nope", by="owner"))


async def test_interest_is_expressed_once_per_member(uow):
    proposal = await publish(uow)
    await interest(uow, proposal)
    with pytest.raises(Conflict, match="already expressed"):
        await interest(uow, proposal)
    assert len(uow.ctx.interests.store.rows) == 1
    assert [type(e) for e in uow.ctx.published] == [ProposalPublished, InterestExpressed]


async def test_nobody_is_interested_in_their_own_proposal(uow):
    proposal = await publish(uow)
    with pytest.raises(ProposalRuleViolation):
        await interest(uow, proposal, sender="owner")
    assert uow.ctx.interests.store.rows == {}


async def test_only_the_owner_answers_and_others_do_not_even_see_the_interest(uow):
    proposal = await publish(uow)
    sent = await interest(uow, proposal)
    with pytest.raises(NotFound):
        await uow.handle(handlers.answer_interest, commands.AnswerInterest(interest_id=sent.id, by="stranger",
                                                                          accept=True))
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.answer_interest, commands.AnswerInterest(interest_id=sent.id, by="alice",
                                                                          accept=True))
    accepted = await uow.handle(handlers.answer_interest, commands.AnswerInterest(interest_id=sent.id, by="owner",
                                                                                 accept=True))
    assert accepted.status is InterestStatus.ACCEPTED and isinstance(uow.ctx.published[-1], InterestAccepted)


async def test_een_offers_are_created_once_refreshed_on_change_and_keep_only_known_codes(uow):
    await uow.handle(handlers.sync_een_offer, sync_cmd())
    await uow.handle(handlers.sync_een_offer, sync_cmd())  # redelivered: nothing new
    (offer,) = uow.ctx.proposals.store.rows.values()
    assert offer.source is ProposalSource.EEN and offer.descriptors == ("s3:aerospace",)
    assert len(uow.ctx.published) == 1
    await uow.handle(handlers.sync_een_offer, sync_cmd(title="Sensor fusion for drones, v2", content_hash="h2"))
    assert uow.ctx.proposals.store.rows[offer.id].title == "Sensor fusion for drones, v2"
    assert len(uow.ctx.published) == 2
    await uow.handle(handlers.close_een_offer, commands.CloseEenOffer(een_reference="EEN-1", reason="expired"))
    assert uow.ctx.proposals.store.rows[offer.id].status is ProposalStatus.CLOSED


async def test_our_own_export_seen_in_the_pod_is_neither_imported_nor_closed(uow):
    proposal = await publish(uow, share_with_een=True)
    await uow.handle(handlers.record_een_export, commands.RecordEenExport(
        proposal_id=proposal.id, proposal_version=proposal.version, een_reference="EEN-OURS",
        status=ExportStatus.PUBLISHED))
    published = len(uow.ctx.published)
    await uow.handle(handlers.sync_een_offer, sync_cmd(reference="EEN-OURS"))
    await uow.handle(handlers.close_een_offer, commands.CloseEenOffer(een_reference="EEN-OURS", reason="expired"))
    assert len(uow.ctx.proposals.store.rows) == 1 and len(uow.ctx.published) == published
    assert uow.ctx.proposals.store.rows[proposal.id].status is ProposalStatus.PUBLISHED


async def test_an_een_partners_interest_arrives_once_however_often_it_is_delivered(uow):
    proposal = await publish(uow, share_with_een=True)
    cmd = commands.ReceiveEenInterest(proposal_id=proposal.id, pod_interest_id="POD-7",
                                      sender_organisation="Fraunhofer", sender_country="DE", message="Interested")
    await uow.handle(handlers.receive_een_interest, cmd)
    await uow.handle(handlers.receive_een_interest, cmd)
    (received,) = uow.ctx.interests.store.rows.values()
    assert (received.sender_organisation, received.sender_country) == ("Fraunhofer", "DE")
    assert sum(isinstance(e, InterestExpressed) for e in uow.ctx.published) == 1


async def test_an_een_interest_in_a_closed_or_unknown_proposal_is_skipped_not_raised(uow):
    proposal = await publish(uow, share_with_een=True)
    await uow.handle(handlers.close_proposal, commands.CloseProposal(proposal_id=proposal.id, by="owner"))
    for proposal_id in (proposal.id, "unknown"):
        await uow.handle(handlers.receive_een_interest, commands.ReceiveEenInterest(
            proposal_id=proposal_id, pod_interest_id="POD-8", sender_organisation="X", sender_country="FR",
            message="Hello"))
    assert uow.ctx.interests.store.rows == {}


async def test_erasure_withdraws_proposals_and_redacts_messages(uow):
    mine = await publish(uow, owner="leaver")
    theirs = await publish(uow, owner="owner")
    await interest(uow, theirs, sender="leaver")
    await uow.handle(handlers.erase_user, commands.EraseUser(user_id="leaver"))
    assert uow.ctx.proposals.store.rows[mine.id].status is ProposalStatus.CLOSED
    (redacted,) = uow.ctx.interests.store.rows.values()
    assert redacted.sender_id == "erased-user" and "removed" in redacted.message
