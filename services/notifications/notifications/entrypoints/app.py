"""Composition root of the notifications service: the one place that wires it."""
from fastapi import FastAPI

from contracts.events import NotificationCreated
from notifications.adapters.repository import NotificationsContext, ensure_indexes
from notifications.entrypoints import events, http
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    service_name: str = "notifications"


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        settings or NotificationsSettings(),
        title="Notifications",
        description="Each member's inbox: proposals matching their interests, answers to their expressions of "
                    "interest, and activity in their communities. Fed only by events.",
        publishes=[NotificationCreated],
        handler_context=NotificationsContext,
    )
    runtime.on_startup(lambda rt: ensure_indexes(rt.db))
    runtime.include_router(http.router)
    events.register(runtime.consumer)
    return runtime.app
