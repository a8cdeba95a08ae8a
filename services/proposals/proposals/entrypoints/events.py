"""Event entrypoints: thin adapters from integration events to commands."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import EenInterestReceived, EenOfferClosed, EenOfferSynced, EenProposalExported, UserErased
from proposals.service_layer import commands, handlers
from proposals.service_layer.ports import Context
from servicekit.consumer import EventConsumer


async def on_een_offer_synced(event: EenOfferSynced, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.sync_een_offer(commands.SyncEenOffer(
        een_reference=event.een_reference, kind=event.kind, title=event.title, summary=event.summary,
        descriptors=event.descriptors, deadline=event.deadline, content_hash=event.content_hash,
        description=event.description), ctx)


async def on_een_offer_closed(event: EenOfferClosed, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.close_een_offer(commands.CloseEenOffer(een_reference=event.een_reference, reason=event.reason), ctx)


async def on_een_proposal_exported(event: EenProposalExported, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.record_een_export(commands.RecordEenExport(
        proposal_id=event.proposal_id, proposal_version=event.proposal_version, een_reference=event.een_reference,
        status=event.status), ctx)


async def on_een_interest_received(event: EenInterestReceived, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.receive_een_interest(commands.ReceiveEenInterest(
        proposal_id=event.proposal_id, pod_interest_id=event.pod_interest_id,
        sender_organisation=event.sender_organisation, sender_country=event.sender_country,
        message=event.message), ctx)


async def on_user_erased(event: UserErased, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.erase_user(commands.EraseUser(user_id=event.user_id), ctx)


def register(consumer: EventConsumer) -> None:
    consumer.on(EenOfferSynced, on_een_offer_synced)
    consumer.on(EenOfferClosed, on_een_offer_closed)
    consumer.on(EenProposalExported, on_een_proposal_exported)
    consumer.on(EenInterestReceived, on_een_interest_received)
    consumer.on(UserErased, on_user_erased)
