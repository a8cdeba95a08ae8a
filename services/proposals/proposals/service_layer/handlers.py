"""Command and event handlers, all of one shape: `async def handler(command, ctx)`. Each
loads aggregates through the Context's repositories, applies the domain's rules, saves,
and publishes the resulting events; the entrypoint runs it in one unit of work."""
from __future__ import annotations

import logging

from contracts.events import ProposalSource
from contracts.taxonomy import load_taxonomy
from proposals.domain.model import Interest, Proposal, ProposalRuleViolation, een_sender_id
from proposals.service_layer import commands
from proposals.service_layer.ports import Context, ProposalRepository
from servicekit.exceptions import AlreadyExists, Conflict, NotFound
from servicekit.ids import new_id
from servicekit.versioning import check_version

log = logging.getLogger(__name__)


async def _proposal(ctx: Context, proposal_id: str) -> Proposal:
    proposal = await ctx.proposals.get(proposal_id)
    if proposal is None:
        raise NotFound(f"No proposal {proposal_id}.")
    return proposal


async def publish_proposal(cmd: commands.PublishProposal, ctx: Context) -> Proposal:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)
    proposal, event = Proposal.publish(
        proposal_id=new_id(), owner_id=cmd.owner_id, kind=cmd.kind, title=cmd.title, summary=cmd.summary,
        description=cmd.description, descriptors=cmd.descriptors, deadline=cmd.deadline,
        share_with_een=cmd.share_with_een,
    )
    await ctx.proposals.add(proposal)
    ctx.publish(event)
    return proposal


async def revise_proposal(cmd: commands.ReviseProposal, ctx: Context) -> Proposal:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)
    proposal = await _proposal(ctx, cmd.proposal_id)
    check_version(proposal.version, cmd.expected_version)
    revised, event = proposal.revise(by=cmd.by, title=cmd.title, summary=cmd.summary,
                                     description=cmd.description, descriptors=cmd.descriptors,
                                     deadline=cmd.deadline, share_with_een=cmd.share_with_een)
    await ctx.proposals.save(revised)
    ctx.publish(event)
    return revised


async def close_proposal(cmd: commands.CloseProposal, ctx: Context) -> Proposal:
    proposal = await _proposal(ctx, cmd.proposal_id)
    closed, event = proposal.close(reason=cmd.reason, by=cmd.by)
    if event is not None:
        await ctx.proposals.save(closed)
        ctx.publish(event)
    return closed


async def express_interest(cmd: commands.ExpressInterest, ctx: Context) -> Interest:
    proposal = await _proposal(ctx, cmd.proposal_id)
    if await ctx.interests.find(cmd.proposal_id, cmd.sender_id) is not None:
        raise _already_interested()
    interest, event = proposal.receive_interest(interest_id=new_id(), sender_id=cmd.sender_id,
                                                message=cmd.message)
    try:
        await ctx.interests.add(interest)
    except AlreadyExists as exc:  # the same member's second click, at the same moment
        raise _already_interested() from exc
    ctx.publish(event)
    return interest


def _already_interested() -> Conflict:
    return Conflict("You have already expressed interest in this proposal.")


async def answer_interest(cmd: commands.AnswerInterest, ctx: Context) -> Interest:
    interest = await ctx.interests.get(cmd.interest_id)
    if interest is None or not interest.visible_to(cmd.by):
        raise NotFound(f"No expression of interest {cmd.interest_id}.")
    if cmd.accept:
        answered, event = interest.accept(by=cmd.by)
    else:
        answered, event = interest.decline(by=cmd.by, reason=cmd.reason)
    await ctx.interests.save(answered)
    ctx.publish(event)
    return answered


async def sync_een_offer(cmd: commands.SyncEenOffer, ctx: Context) -> None:
    """From een.offer.synced: create or refresh the EEN-sourced proposal. Codes the
    taxonomy does not know are dropped here; the bridge keeps the raw keywords."""
    taxonomy = load_taxonomy()
    descriptors = [c for c in cmd.descriptors if c in taxonomy]
    repository = ctx.proposals
    existing = await repository.get_by_een_reference(cmd.een_reference)
    if _is_our_own_export(existing):
        return
    if existing is None:
        proposal, event = Proposal.from_een_offer(
            proposal_id=new_id(), een_reference=cmd.een_reference, kind=cmd.kind, title=cmd.title,
            summary=cmd.summary, descriptors=descriptors, deadline=cmd.deadline, content_hash=cmd.content_hash,
            description=cmd.description)
        await repository.add(proposal)
        ctx.publish(event)
        return
    updated, event = existing.resync_from_een(kind=cmd.kind, title=cmd.title, summary=cmd.summary,
                                              descriptors=descriptors, deadline=cmd.deadline,
                                              content_hash=cmd.content_hash, description=cmd.description)
    if event is not None:
        await repository.save(updated)
        ctx.publish(event)


async def close_een_offer(cmd: commands.CloseEenOffer, ctx: Context) -> None:
    repository = ctx.proposals
    existing = await repository.get_by_een_reference(cmd.een_reference)
    if existing is None or _is_our_own_export(existing):
        return  # closed before we ever saw it, or not an EEN offer: nothing to do
    closed, event = existing.close(reason=cmd.reason)
    if event is not None:
        await repository.save(closed)
        ctx.publish(event)


def _is_our_own_export(proposal: Proposal | None) -> bool:
    """A POD profile that is one of our local proposals, exported and seen again through the
    POD. It is already here as the member's proposal: importing it would list it twice, and
    closing it would close the member's proposal, which only its owner does."""
    if proposal is None or proposal.source is ProposalSource.EEN:
        return False
    log.info("POD profile %s is our own proposal %s, exported: not synced back", proposal.een_reference, proposal.id)
    return True


async def _proposal_named_by_bridge(repository: ProposalRepository, proposal_id: str, what: str) -> Proposal | None:
    """The proposal an een-bridge event is about; None (logged) if we do not know it: the
    bridge only names proposals it learnt from us, so this is a fault to see, not to retry."""
    proposal = await repository.get(proposal_id)
    if proposal is None:
        log.warning("%s is about proposal %s, which does not exist here: ignored", what, proposal_id)
    return proposal


async def record_een_export(cmd: commands.RecordEenExport, ctx: Context) -> None:
    """From een.export: where the proposal now stands in the POD. Saved without a new
    version and without an event: see Proposal.record_een_export (an event here would loop)."""
    repository = ctx.proposals
    proposal = await _proposal_named_by_bridge(repository, cmd.proposal_id, f"export report {cmd.een_reference}")
    if proposal is None:
        return
    recorded = proposal.record_een_export(een_reference=cmd.een_reference, status=cmd.status,
                                          proposal_version=cmd.proposal_version)
    if recorded is proposal:
        log.info("export report for proposal %s ignored: stale (about version %d, recorded %s) or not a local proposal",
                 cmd.proposal_id, cmd.proposal_version, proposal.een_exported_version)
        return
    await repository.save(recorded, previous_version=proposal.version)


async def receive_een_interest(cmd: commands.ReceiveEenInterest, ctx: Context) -> None:
    """From een.interest: an EEN partner's expression of interest becomes an ordinary one,
    and the owner is told through the same InterestExpressed. Idempotent on the POD's
    interest id (the sender id is made from it), so a redelivered or re-polled interest
    creates nothing new.

    A proposal that is unknown, or that refuses the interest (closed meanwhile), is logged
    and skipped rather than raised: both are ordinary races with the POD, not faults. Raising
    would retry a decision that cannot change and then dead-letter a well-formed event, asking
    an operator to act when there is nothing to repair; the POD keeps the partner's interest."""
    proposal = await _proposal_named_by_bridge(ctx.proposals, cmd.proposal_id,
                                               f"EEN interest {cmd.pod_interest_id}")
    interests = ctx.interests
    sender_id = een_sender_id(cmd.pod_interest_id)
    if proposal is None or await interests.find(proposal.id, sender_id) is not None:
        return
    try:
        interest, event = proposal.receive_een_interest(
            interest_id=new_id(), pod_interest_id=cmd.pod_interest_id, organisation=cmd.sender_organisation,
            country=cmd.sender_country, message=cmd.message)
    except ProposalRuleViolation as refused:
        log.warning("EEN interest %s on proposal %s not received: %s", cmd.pod_interest_id, proposal.id, refused)
        return
    await interests.add(interest)
    ctx.publish(event)


async def erase_user(cmd: commands.EraseUser, ctx: Context) -> None:
    """GDPR: withdraw the user's open proposals and redact their messages."""
    for proposal in await ctx.proposals.owned_by(cmd.user_id):
        closed, event = proposal.close(reason="withdrawn")
        if event is not None:
            await ctx.proposals.save(closed)
            ctx.publish(event)
    await ctx.interests.redact_sender(cmd.user_id)
