"""The outbox relay: publishes events committed to the outbox, in order, with an
idempotent producer (acks=all), and marks them sent.

A crash between publishing and marking re-publishes on restart (at-least-once);
consumers are idempotent by event id, so that is harmless. Several replicas of a
service may run a relay: a lease in MongoDB lets only one publish at a time, which
keeps each aggregate's events in order.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from opentelemetry import context as otel_context
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.lease import MongoLease
from servicekit.telemetry import context_from_traceparent, untraced
from servicekit.unit_of_work import OUTBOX

log = logging.getLogger(__name__)
LEASES = "outbox_lease"

# publish(topic, key, value, headers) -> awaitable that completes when the broker acknowledged
Publish = Callable[[str, bytes, bytes, dict[str, str]], Awaitable[Awaitable[Any]]]


class OutboxRelay:
    def __init__(self, db: AsyncDatabase, publish: Publish, *, batch_size: int = 500,
                 poll_seconds: float = 0.5, lease_seconds: float = 10.0) -> None:
        self._db = db
        self._publish = publish
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._lease = MongoLease(db, collection=LEASES, name="relay", seconds=lease_seconds)
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._stopping = False

    def wake(self) -> None:
        self._wakeup.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        self._stopping = True
        self._wakeup.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()
        await self._lease.release()

    async def _hold_lease(self) -> bool:
        with untraced():  # taken or renewed on every poll
            return await self._lease.hold()

    async def _run(self) -> None:
        backoff = self._poll_seconds
        while not self._stopping:
            try:
                if await self._hold_lease():
                    while await self.publish_pending() >= self._batch_size and not self._stopping:
                        pass
                backoff = self._poll_seconds
            except asyncio.CancelledError:
                raise
            except TimeoutError:  # the broker is not connected yet: expected during an outage
                log.warning("outbox relay waiting for Kafka; unsent events are kept")
                backoff = min(backoff * 2, 10.0)
            except Exception:  # broker or database away: keep the events, try again later
                log.exception("outbox relay pass failed; retrying")
                backoff = min(backoff * 2, 10.0)
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=backoff)
            except TimeoutError:
                pass
            self._wakeup.clear()

    async def publish_pending(self) -> int:
        """One pass: publish up to a batch of unsent events in order; returns how many."""
        with untraced():  # the look is a poll; only the publishing it finds joins the traces
            rows = await self._db[OUTBOX].find({"sent_at": None}).sort("_id", 1).limit(self._batch_size).to_list()
        if not rows:
            return 0
        acks = []
        for row in rows:
            # Continue the trace of the request that wrote the event.
            token = otel_context.attach(context_from_traceparent(row["headers"].get("traceparent")))
            try:
                acks.append(await self._publish(row["topic"], row["key"], row["value"], dict(row["headers"])))
            finally:
                otel_context.detach(token)
        await asyncio.gather(*acks)
        await self._db[OUTBOX].update_many(
            {"_id": {"$in": [row["_id"] for row in rows]}}, {"$set": {"sent_at": datetime.now(UTC)}}
        )
        return len(rows)


async def pending_count(db: AsyncDatabase) -> int:
    return await db[OUTBOX].count_documents({"sent_at": None})
