"""Event entrypoints: thin adapters from integration events to commands."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import (
    InterestExpressed, ProposalClosed, ProposalPublished, ProposalSource, ProposalUpdated, UserErased,
)
from een_bridge.service_layer import commands, handlers
from een_bridge.service_layer.ports import Context
from servicekit.consumer import EventConsumer


async def on_proposal_state(event: ProposalPublished | ProposalUpdated, _: CloudEventAttributes,
                            ctx: Context) -> None:
    await handlers.track_proposal_state(commands.TrackProposalState(
        proposal_id=event.proposal_id, version=event.version, source=event.source,
        share_with_een=event.share_with_een, kind=event.kind, title=event.title, summary=event.summary,
        descriptors=event.descriptors, deadline=event.deadline, description=event.description), ctx)


async def on_proposal_closed(event: ProposalClosed, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.track_proposal_closed(commands.TrackProposalClosed(proposal_id=event.proposal_id,
                                                                      version=event.version), ctx)


async def on_interest_expressed(event: InterestExpressed, _: CloudEventAttributes, ctx: Context) -> None:
    # Only registered for interest in EEN offers: interest in local proposals stays on the platform.
    await handlers.record_een_interest(commands.RecordEenInterest(
        interest_id=event.interest_id, proposal_id=event.proposal_id, een_reference=event.een_reference,
        sender_id=event.sender_id, message=event.message), ctx)


async def on_user_erased(event: UserErased, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.erase_user(commands.EraseUser(user_id=event.user_id), ctx)


def _local(event: ProposalPublished | ProposalUpdated) -> bool:
    # Most proposal events during an import are the POD's own offers coming back: skipped
    # without a transaction. (ProposalClosed carries no source: those are all looked at.)
    return event.source is ProposalSource.LOCAL


def register(consumer: EventConsumer) -> None:
    consumer.on(ProposalPublished, on_proposal_state, when=_local)
    consumer.on(ProposalUpdated, on_proposal_state, when=_local)
    consumer.on(ProposalClosed, on_proposal_closed)
    consumer.on(InterestExpressed, on_interest_expressed,
                when=lambda event: event.proposal_source is ProposalSource.EEN)
    consumer.on(UserErased, on_user_erased)
