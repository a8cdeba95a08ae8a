"""Event entrypoints: thin adapters from integration events to commands."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import (
    InterestExpressed, ProposalClosed, ProposalPublished, ProposalSource, ProposalUpdated, UserErased,
)
from een_bridge.service_layer import commands, handlers
from servicekit.consumer import EventConsumer
from servicekit.unit_of_work import Transaction


async def on_proposal_state(event: ProposalPublished | ProposalUpdated, _: CloudEventAttributes,
                            tx: Transaction) -> None:
    await handlers.track_proposal_state(commands.TrackProposalState(
        proposal_id=event.proposal_id, version=event.version, source=event.source,
        share_with_een=event.share_with_een, kind=event.kind, title=event.title, summary=event.summary,
        descriptors=event.descriptors, deadline=event.deadline, description=event.description), tx)


async def on_proposal_closed(event: ProposalClosed, _: CloudEventAttributes, tx: Transaction) -> None:
    await handlers.track_proposal_closed(commands.TrackProposalClosed(proposal_id=event.proposal_id,
                                                                      version=event.version), tx)


async def on_interest_expressed(event: InterestExpressed, _: CloudEventAttributes, tx: Transaction) -> None:
    if event.proposal_source is not ProposalSource.EEN:
        return  # interest in local proposals stays on the platform
    await handlers.record_een_interest(commands.RecordEenInterest(
        interest_id=event.interest_id, proposal_id=event.proposal_id, een_reference=event.een_reference,
        sender_id=event.sender_id, message=event.message), tx)


async def on_user_erased(event: UserErased, _: CloudEventAttributes, tx: Transaction) -> None:
    await handlers.erase_user(commands.EraseUser(user_id=event.user_id), tx)


def register(consumer: EventConsumer) -> None:
    consumer.on(ProposalPublished, on_proposal_state)
    consumer.on(ProposalUpdated, on_proposal_state)
    consumer.on(ProposalClosed, on_proposal_closed)
    consumer.on(InterestExpressed, on_interest_expressed)
    consumer.on(UserErased, on_user_erased)
