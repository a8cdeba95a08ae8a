"""Event entrypoints: thin adapters from integration events to commands."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import UserErased
from servicekit.consumer import EventConsumer

from communities.service_layer import commands, handlers
from communities.service_layer.ports import Context


async def on_user_erased(event: UserErased, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.erase_user(commands.EraseUser(user_id=event.user_id), ctx)


def register(consumer: EventConsumer) -> None:
    consumer.on(UserErased, on_user_erased)
