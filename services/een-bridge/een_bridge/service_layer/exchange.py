"""What goes to the POD and what comes back from it besides profiles: shared proposals
(published, updated, withdrawn), members' expressions of interest in EEN offers, and EEN
partners' interest in our proposals.

The POD is called outside any transaction (it may be slow); what it answered is then
recorded, with the event it causes, in one transaction. A POD that is down raises
PodUnavailable to the caller, which tries the whole pass again later.

Each pass is a poll, usually finding nothing: the look is untraced, and a pass that finds
work traces it in a span of its own, which the events it publishes continue."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from opentelemetry import trace

from contracts.events import EenInterestReceived
from een_bridge.adapters.pod_client import PodRefused
from een_bridge.adapters.pod_wire import PodInterest, PodInterestPage
from een_bridge.adapters.repository import INTERESTS_CHECKPOINT, ExportRepository, ForwardRepository, SyncRepository
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import ExportState, Forward, ForwardState, PodDraft, ProposalExport
from een_bridge.domain.sync import KeysetWalk, SyncCheckpoint
from servicekit.telemetry import untraced
from servicekit.unit_of_work import Transaction, UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


class PodExchange(Protocol):
    async def create_profile(self, draft: PodDraft) -> str: ...
    async def update_profile(self, reference: str, draft: PodDraft) -> str: ...
    async def withdraw_profile(self, reference: str) -> None: ...
    async def send_interest(self, reference: str, *, external_id: str, organisation: str, country: str,
                            contact: str, message: str) -> str: ...
    async def list_interests(self, *, received_since: datetime | None, page: int,
                             page_size: int) -> PodInterestPage: ...


@dataclass(frozen=True)
class PartnerIdentity:
    """Who we are to the POD: the EEN partner that runs this platform. Members' own contact
    details never leave the platform; EEN partners answer through us."""

    organisation: str
    country: str
    contact: str


async def push_exports(uow: UnitOfWork, pod: PodExchange, partner: PartnerIdentity, *, limit: int = 50) -> int:
    """Publish, update or withdraw in the POD the proposals waiting for it; how many went."""
    with untraced():
        due = await uow.run(lambda tx: ExportRepository(tx).due(limit))
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
        else:
            await pod.withdraw_profile(export.pod_reference or "")
            reference = None
    except PodRefused as exc:
        log.warning("POD refused export of %s: %s", export.proposal_id, exc)
        await uow.run(lambda tx, reason=str(exc): _record_failure(tx, export.proposal_id, reason))
        return

    async def work(tx: Transaction) -> None:
        exports = ExportRepository(tx)
        current = await exports.get(export.proposal_id)
        if reference is not None:
            done, event = current.published(reference, export.version)
        else:
            done, event = current.withdrawn(export.version)
        await exports.save_outcome(done)
        tx.publish(event)

    await uow.run(work)


async def _record_failure(tx: Transaction, proposal_id: str, reason: str) -> None:
    exports = ExportRepository(tx)
    current = await exports.get(proposal_id)
    await exports.save_outcome(current.failed(reason))


async def forward_interests(uow: UnitOfWork, pod: PodExchange, partner: PartnerIdentity, *, limit: int = 50) -> int:
    """Send members' expressions of interest in EEN offers to the POD; how many went."""
    with untraced():
        due = await uow.run(lambda tx: ForwardRepository(tx).due(limit))
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
            await uow.run(lambda tx, outcome=outcome: _record_forward(tx, outcome))
    return len(due)


async def _record_forward(tx: Transaction, outcome: Forward) -> None:
    forwards = ForwardRepository(tx)
    current = await forwards.get(outcome.interest_id)
    if current is not None and current.state is ForwardState.PENDING:  # not cancelled (erased) meanwhile
        await forwards.save(outcome)


async def pull_interests(uow: UnitOfWork, pod: PodExchange, *, page_size: int = 100) -> int:
    """EEN partners' expressions of interest in our exported proposals, as events for the
    proposals service; the checkpoint moves in the same transaction. How many arrived."""
    with untraced():
        checkpoint = await uow.run(lambda tx: SyncRepository(tx).checkpoint(INTERESTS_CHECKPOINT))
        walk = KeysetWalk(cursor=checkpoint.cursor)
        fresh, walk = await _next_interests(pod, walk, page_size)
    if not fresh and walk.exhausted:
        return 0  # nothing new: the checkpoint stays where it is
    with tracer.start_as_current_span("een.interests.pull") as span:
        delivered = await uow.run(lambda tx, fresh=fresh, walk=walk: _record_interests(tx, fresh, walk))
        while not walk.exhausted:
            fresh, walk = await _next_interests(pod, walk, page_size)
            delivered += await uow.run(lambda tx, fresh=fresh, walk=walk: _record_interests(tx, fresh, walk))
        span.set_attribute("een.interests.received", delivered)
    return delivered


async def _next_interests(pod: PodExchange, walk: KeysetWalk, page_size: int) -> tuple[list[PodInterest], KeysetWalk]:
    """The next page's interests this walk has not seen yet, and the walk after the page."""
    request = walk.request()
    page = await pod.list_interests(received_since=request.modified_since, page=request.page, page_size=page_size)
    fresh = [i for i in page.interests if walk.admits(i.received_at, i.id)]
    return fresh, walk.after_page([(i.received_at, i.id) for i in fresh], page_full=len(page.interests) >= page_size)


async def _record_interests(tx: Transaction, fresh: list[PodInterest], walk: KeysetWalk) -> int:
    exports, published = ExportRepository(tx), 0
    for interest in fresh:
        export = await exports.by_pod_reference(interest.profile_reference)
        if export is None:
            log.warning("POD interest %s is for %s, which is not one of our exports", interest.id,
                        interest.profile_reference)
            continue
        tx.publish(EenInterestReceived(
            proposal_id=export.proposal_id, een_reference=interest.profile_reference,
            pod_interest_id=interest.id, sender_organisation=interest.organisation,
            sender_country=interest.country, message=interest.message))
        published += 1
    await SyncRepository(tx).save_checkpoint(SyncCheckpoint(cursor=walk.cursor), INTERESTS_CHECKPOINT)
    return published
