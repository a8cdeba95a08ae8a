"""Composition root of the notifications service: the one place that wires it."""
from fastapi import FastAPI

from contracts.events import NotificationCreated
from notifications.adapters.live import LivePublisher, LiveStreams
from notifications.adapters.repository import NotificationsContext, ensure_indexes
from notifications.entrypoints import events, http
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings
from servicekit.unit_of_work import Transaction


class NotificationsSettings(ServiceSettings):
    service_name: str = "notifications"
    # GET /stream: how often an idle stream sends a keep-alive comment (proxies drop silent
    # connections), and how long clients are told to wait before reconnecting.
    stream_heartbeat_seconds: float = 15.0
    stream_retry_ms: int = 3000


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()
    publisher: LivePublisher | None = None

    def context(tx: Transaction) -> NotificationsContext:
        assert publisher is not None
        return NotificationsContext(tx, publisher)

    runtime = ServiceRuntime(
        settings,
        title="Notifications",
        description="Each member's inbox: proposals matching their interests, answers to their expressions of "
                    "interest, and activity in their communities. Fed only by events.",
        publishes=[NotificationCreated],
        handler_context=context,
    )
    publisher = LivePublisher(runtime.redis)
    streams = LiveStreams(runtime.redis, heartbeat_seconds=settings.stream_heartbeat_seconds,
                          retry_ms=settings.stream_retry_ms)
    runtime.provide(LiveStreams, streams)
    runtime.on_startup(lambda rt: ensure_indexes(rt.db))
    runtime.on_startup(lambda rt: streams.start())
    runtime.on_shutdown(streams.stop)
    runtime.include_router(http.router)
    events.register(runtime.consumer)
    return runtime.app
