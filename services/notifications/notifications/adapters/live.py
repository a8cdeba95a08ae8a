"""Live notifications across replicas, over Redis pub/sub: one channel per member.

The replica whose consumer stores a notification publishes it on `notifications:user:<id>`
once the transaction has committed (`AfterCommitLiveFeed`); the stream endpoint of the
replica that holds a member's open stream subscribes to their channel for as long as the
stream is open (`LiveStreams.subscribe`). The channel carries ids only, never content: the
stream reads the notification itself from MongoDB, as the member's own.

Pub/sub is fire-and-forget: a push that fails (Redis away) or that nobody hears is not
retried, and the consumer does not fail for it. A stream that missed it catches up when it
resumes (`Last-Event-ID`, replayed from the inbox).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import threading
from types import FrameType
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from notifications.domain.model import Notification
from servicekit.unit_of_work import Transaction

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "notifications:user:"
PUBLISH_TIMEOUT_SECONDS = 2.0
SUBSCRIBE_TIMEOUT_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def channel_of(user_id: str) -> str:
    return f"{CHANNEL_PREFIX}{user_id}"


def notification_message(notification: Notification) -> dict[str, str]:
    return {"type": "notification", "id": notification.id, "seq": notification.seq}


UNREAD_MESSAGE = {"type": "unread"}


class LivePublisher:
    """Pushes messages to members' channels; never raises (a lost push is caught up on resume)."""

    def __init__(self, redis: Redis, *, timeout_seconds: float = PUBLISH_TIMEOUT_SECONDS) -> None:
        self._redis = redis
        self._timeout = timeout_seconds

    async def publish(self, messages: list[tuple[str, dict[str, str]]]) -> None:
        if not messages:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for user_id, message in messages:
                    pipe.publish(channel_of(user_id), json.dumps(message))
                await asyncio.wait_for(pipe.execute(), timeout=self._timeout)
        except (RedisError, OSError, TimeoutError) as exc:
            log.warning("live push of %d message(s) failed; open streams catch up when they resume: %s",
                        len(messages), exc)


class AfterCommitLiveFeed:
    """The handlers' LiveFeed port over one transaction: collects what to tell and pushes it
    in one pipeline once the transaction has committed (nothing if it aborts)."""

    def __init__(self, tx: Transaction, publisher: LivePublisher) -> None:
        self._tx = tx
        self._publisher = publisher
        self._messages: list[tuple[str, dict[str, str]]] = []

    def notification(self, notification: Notification) -> None:
        self._add(notification.user_id, notification_message(notification))

    def unread_changed(self, user_id: str) -> None:
        self._add(user_id, UNREAD_MESSAGE)

    def _add(self, user_id: str, message: dict[str, str]) -> None:
        if not self._messages:
            self._tx.after_commit(self._flush)
        self._messages.append((user_id, message))

    async def _flush(self) -> None:
        messages, self._messages = self._messages, []
        await self._publisher.publish(messages)


class LiveSubscription:
    """One open stream's subscription to its member's channel (its own Redis connection,
    given back when the stream ends). `open` returns once Redis confirmed the subscription:
    anything published from then on is heard."""

    def __init__(self, redis: Redis, user_id: str) -> None:
        self._pubsub: PubSub = redis.pubsub()
        self._channel = channel_of(user_id)
        self._closed = False

    async def open(self) -> None:
        try:
            await asyncio.wait_for(self._confirm(), timeout=SUBSCRIBE_TIMEOUT_SECONDS)
        except BaseException:
            await self.close()
            raise

    async def _confirm(self) -> None:
        await self._pubsub.subscribe(self._channel)
        while True:
            message = await self._pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT_SECONDS)
            if message is not None and message.get("type") == "subscribe":
                return

    async def next(self, timeout: float) -> dict[str, Any] | None:
        """The next message within `timeout` seconds, or None. Raises when Redis is lost."""
        message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=max(timeout, 0.0))
        if message is None or message.get("type") != "message":
            return None
        try:
            data = json.loads(message["data"])
        except (ValueError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            await self._pubsub.aclose()


class LiveStreams:
    """This replica's open streams: their settings, their subscriptions, and when to end them.

    Servers wait for open responses before they stop (uvicorn does, up to its graceful
    timeout), and a stream never ends by itself: so on SIGTERM/SIGINT (chained before the
    server's own handler) or at shutdown, `closing` is set and every stream ends at once;
    its client reconnects, to another replica, and resumes where it was."""

    def __init__(self, redis: Redis, *, heartbeat_seconds: float, retry_ms: int) -> None:
        self._redis = redis
        self.heartbeat_seconds = heartbeat_seconds
        self.retry_ms = retry_ms
        self.closing = asyncio.Event()
        self.open_streams = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}

    def subscribe(self, user_id: str) -> LiveSubscription:
        return LiveSubscription(self._redis, user_id)

    async def start(self) -> None:
        self.closing.clear()
        self._loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                self._previous[sig] = signal.signal(sig, self._on_signal)

    async def stop(self) -> None:
        self.close()
        for sig, previous in self._previous.items():
            if signal.getsignal(sig) == self._on_signal:  # nobody chained after us: put theirs back
                signal.signal(sig, previous)
        self._previous.clear()

    def close(self) -> None:
        """End every open stream now."""
        self.closing.set()

    def _on_signal(self, sig: int, frame: FrameType | None) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.closing.set)
        previous = self._previous.get(sig)
        if callable(previous):
            previous(sig, frame)
        elif previous == signal.SIG_DFL:
            signal.signal(sig, signal.SIG_DFL)
            signal.raise_signal(sig)
