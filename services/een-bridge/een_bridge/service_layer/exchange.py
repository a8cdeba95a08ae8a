"""What goes to the POD and what comes back from it besides profiles: shared proposals
(published, updated, withdrawn), members' expressions of interest in EEN offers, and EEN
partners' interest in our proposals.

The POD is called outside any transaction (it may be slow); what it answered is then
recorded, with the event it causes, by one handler in one transaction. A POD that is down
raises PodUnavailable to the caller, which tries the whole pass again later.

Each pass is a poll, usually finding nothing: the look is untraced, and a pass that finds
work traces it in a span of its own, which the events it publishes continue."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from opentelemetry import trace

from contracts.events import EenInterestReceived
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import ExportState, Forward, ForwardState, PodDraft, ProposalExport
from een_bridge.domain.sync import INTERESTS_CHECKPOINT, KeysetWalk, SyncCheckpoint
from een_bridge.service_layer import commands
from een_bridge.service_layer.ports import Context, PodExchange, PodInterest, PodRefused
from servicekit.telemetry import untraced
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


@dataclass(frozen=True)
class PartnerIdentity:
    """Who we are to the POD: the EEN partner that runs this platform. Members' own contact
    details never leave the platform; EEN partners answer through us."""

    organisation: str
    country: str
    contact: str


# -- shared proposals -------------------------------------------------------------------------

async def push_exports(uow: UnitOfWork, pod: PodExchange, partner: PartnerIdentity, *, limit: int = 50) -> int:
    """Publish, update or withdraw in the POD the proposals waiting for it; how many went."""
    with untraced():
        due = await uow.handle(due_exports, limit)
    if due:
        with tracer.start_as_current_span("een.exports.push", attributes={"een.exports": len(due)}):
            for export in due:
                await _push(export, uow, pod, partner)
    return len(due)


async def _push(export: ProposalExport, uow: UnitOfWork, pod: PodExchange, partner: PartnerIdentity) -> None:
    try:
        if export.state is ExportState.PENDING_EXPORT and export.snapshot is not None:
            keywords = keyword_mapper().pod_keywords(export.snapshot.descriptors)
            draft = PodDraft.of(export.snapshot, keywords, partner.country)
            if export.pod_reference:
                reference = await pod.update_profile(export.pod_reference, draft)
            else:
                reference = await pod.create_profile(draft)
            await uow.handle(record_export_published, commands.RecordExportPublished(
                export.proposal_id, pushed_version=export.version, pod_reference=reference))
        else:
            await pod.withdraw_profile(export.pod_reference or "")
            await uow.handle(record_export_withdrawn, commands.RecordExportWithdrawn(
                export.proposal_id, pushed_version=export.version))
    except PodRefused as exc:
        log.warning("POD refused export of %s: %s", export.proposal_id, exc)
        await uow.handle(record_export_refused, commands.RecordExportRefused(export.proposal_id, str(exc)))


async def due_exports(limit: int, ctx: Context) -> list[ProposalExport]:
    return await ctx.exports.due(limit)


async def record_export_published(cmd: commands.RecordExportPublished, ctx: Context) -> None:
    """Against the export as it is now: a newer version may have arrived meanwhile."""
    current = await ctx.exports.get(cmd.proposal_id)
    done, event = current.published(cmd.pod_reference, cmd.pushed_version)
    await ctx.exports.save_outcome(done)
    ctx.publish(event)


async def record_export_withdrawn(cmd: commands.RecordExportWithdrawn, ctx: Context) -> None:
    current = await ctx.exports.get(cmd.proposal_id)
    done, event = current.withdrawn(cmd.pushed_version)
    await ctx.exports.save_outcome(done)
    ctx.publish(event)


async def record_export_refused(cmd: commands.RecordExportRefused, ctx: Context) -> None:
    current = await ctx.exports.get(cmd.proposal_id)
    await ctx.exports.save_outcome(current.failed(cmd.reason))


# -- members' interest in EEN offers ----------------------------------------------------------

async def forward_interests(uow: UnitOfWork, pod: PodExchange, partner: PartnerIdentity, *, limit: int = 50) -> int:
    """Send members' expressions of interest in EEN offers to the POD; how many went."""
    with untraced():
        due = await uow.handle(due_forwards, limit)
    if not due:
        return 0
    with tracer.start_as_current_span("een.interests.forward", attributes={"een.forwards": len(due)}):
        for forward in due:
            try:
                pod_interest_id = await pod.send_interest(
                    forward.een_reference, external_id=forward.interest_id, organisation=partner.organisation,
                    country=partner.country, contact=f"{partner.contact} (ref. {forward.interest_id})",
                    message=forward.message)
                outcome = forward.forwarded(pod_interest_id)
            except PodRefused as exc:
                outcome = forward.refused(str(exc))
            await uow.handle(record_forward_outcome, commands.RecordForwardOutcome(outcome))
    return len(due)


async def due_forwards(limit: int, ctx: Context) -> list[Forward]:
    return await ctx.forwards.due(limit)


async def record_forward_outcome(cmd: commands.RecordForwardOutcome, ctx: Context) -> None:
    current = await ctx.forwards.get(cmd.outcome.interest_id)
    if current is not None and current.state is ForwardState.PENDING:  # not cancelled (erased) meanwhile
        await ctx.forwards.save(cmd.outcome)


# -- EEN partners' interest in our proposals --------------------------------------------------

async def pull_interests(uow: UnitOfWork, pod: PodExchange, *, page_size: int = 100) -> int:
    """EEN partners' expressions of interest in our exported proposals, as events for the
    proposals service; the checkpoint moves in the same transaction. How many arrived."""
    with untraced():
        checkpoint = await uow.handle(checkpoint_of, INTERESTS_CHECKPOINT)
        walk = KeysetWalk(cursor=checkpoint.cursor)
        fresh, walk = await _next_interests(pod, walk, page_size)
    if not fresh and walk.exhausted:
        return 0  # nothing new: the checkpoint stays where it is
    with tracer.start_as_current_span("een.interests.pull") as span:
        delivered = await uow.handle(record_pod_interests, commands.RecordPodInterests(fresh, walk.cursor))
        while not walk.exhausted:
            fresh, walk = await _next_interests(pod, walk, page_size)
            delivered += await uow.handle(record_pod_interests, commands.RecordPodInterests(fresh, walk.cursor))
        span.set_attribute("een.interests.received", delivered)
    return delivered


async def _next_interests(pod: PodExchange, walk: KeysetWalk, page_size: int) -> tuple[list[PodInterest], KeysetWalk]:
    """The next page's interests this walk has not seen yet, and the walk after the page."""
    request = walk.request()
    page = await pod.list_interests(received_since=request.modified_since, page=request.page, page_size=page_size)
    fresh = [i for i in page.interests if walk.admits(i.received_at, i.id)]
    return fresh, walk.after_page([(i.received_at, i.id) for i in fresh], page_full=len(page.interests) >= page_size)


async def checkpoint_of(name: str, ctx: Context) -> SyncCheckpoint:
    return await ctx.checkpoints.get(name)


async def record_pod_interests(cmd: commands.RecordPodInterests, ctx: Context) -> int:
    """Publish the interests in our exports (others are logged and dropped); how many."""
    published = 0
    for interest in cmd.interests:
        export = await ctx.exports.by_pod_reference(interest.profile_reference)
        if export is None:
            log.warning("POD interest %s is for %s, which is not one of our exports", interest.id,
                        interest.profile_reference)
            continue
        ctx.publish(EenInterestReceived(
            proposal_id=export.proposal_id, een_reference=interest.profile_reference,
            pod_interest_id=interest.id, sender_organisation=interest.organisation,
            sender_country=interest.country, message=interest.message))
        published += 1
    await ctx.checkpoints.save(INTERESTS_CHECKPOINT, SyncCheckpoint(cursor=cmd.cursor))
    return published
