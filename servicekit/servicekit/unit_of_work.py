"""The MongoDB unit of work: one multi-document transaction per command, in which the
aggregate's writes, the outbox rows of the events they cause, and (for consumers) the
inbox row of the event being handled all commit together or not at all.

Every handler has one shape: `async def handler(message, ctx) -> result`, where `ctx` is the
service's HandlerContext for one transaction (its repositories and `publish`). Entrypoints
run it with `await uow.handle(handler, message)`; the consumer does the same for events."""
from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, get_type_hints

import pymongo
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from contracts.envelope import encode
from contracts.events import IntegrationEvent
from servicekit.ids import new_id
from servicekit.telemetry import current_traceparent

log = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M")
C = TypeVar("C", bound="HandlerContext")

OUTBOX = "outbox"
INBOX = "processed_events"  # consumer dedupe rows; "inbox" is the notifications service's member inbox


class AlreadyProcessed(Exception):
    """This consumer group has already handled the event: redelivery, no second effect."""


class Transaction:
    """What a handler sees while its transaction is open."""

    def __init__(self, db: AsyncDatabase, session: AsyncClientSession) -> None:
        self.db = db
        self.session = session
        self._events: list[IntegrationEvent] = []
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run `callback` once this transaction has committed (never if it aborts or is
        re-run: only the attempt that commits runs its callbacks). For effects outside the
        database that must not happen for writes that did not (a live push); a failing
        callback is logged and does not fail the committed work."""
        self._after_commit.append(callback)

    def publish(self, event: IntegrationEvent) -> None:
        """Queue an integration event; it is written to the outbox in this transaction."""
        self._events.append(event)

    @property
    def events(self) -> list[IntegrationEvent]:
        return list(self._events)

    async def mark_processed(self, event_id: str, consumer_group: str) -> None:
        """Record the event id first: a duplicate key aborts the whole transaction on the
        server, so it must surface as AlreadyProcessed and end it, not be caught and continued."""
        try:
            await self.db[INBOX].insert_one(
                {"_id": f"{consumer_group}:{event_id}", "event_id": event_id,
                 "group": consumer_group, "processed_at": datetime.now(UTC)},
                session=self.session,
            )
        except DuplicateKeyError as exc:
            raise AlreadyProcessed(event_id) from exc


class HandlerContext:
    """What a handler gets for one transaction: its service's repositories and `publish`.

    A service's subclass (in its adapters) declares its repositories as annotated
    attributes, each built over the transaction as `kind(tx)`:

        class CommunitiesContext(HandlerContext):
            communities: MongoCommunityRepository
            memberships: MongoMembershipRepository
    """

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx
        for name, kind in _repositories_of(type(self)).items():
            setattr(self, name, kind(tx))

    def publish(self, event: IntegrationEvent) -> None:
        """Queue an integration event; it commits to the outbox with the handler's writes."""
        self._tx.publish(event)

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        """See `Transaction.after_commit`."""
        self._tx.after_commit(callback)


@functools.cache
def _repositories_of(context: type[HandlerContext]) -> dict[str, Callable[[Transaction], Any]]:
    """The annotated public attributes of a context class without a value of their own."""
    hints = get_type_hints(context)
    return {name: kind for name, kind in hints.items()
            if not name.startswith("_") and not hasattr(context, name) and isinstance(kind, type)}


class UnitOfWork(Generic[C]):
    def __init__(self, client: AsyncMongoClient, database: str, source: str, *,
                 context: Callable[[Transaction], C] = HandlerContext,  # type: ignore[assignment]
                 on_events_committed: Callable[[], None] | None = None,
                 deadline_seconds: float | None = None) -> None:
        self.client = client
        self.db = client[database]
        self._source = source
        self._context = context
        self._on_events_committed = on_events_committed
        self._deadline_seconds = deadline_seconds

    def with_deadline(self, seconds: float) -> UnitOfWork[C]:
        """This unit of work, giving up after `seconds` (pymongo's client-side operation
        timeout, ExecutionTimeout). Without a deadline, with_transaction retries for two
        minutes while the database is unreachable: right for a consumer riding out a
        restart, not for a request whose client waits."""
        return UnitOfWork(self.client, self.db.name, self._source, context=self._context,
                          on_events_committed=self._on_events_committed, deadline_seconds=seconds)

    def context(self, tx: Transaction) -> C:
        """The handler context of the service, over this transaction."""
        return self._context(tx)

    async def handle(self, handler: Callable[[M, C], Awaitable[T]], message: M) -> T:
        """Run one handler on one command in one transaction (re-run whole on a transient conflict)."""
        return await self.run(lambda tx: handler(message, self.context(tx)))

    async def run(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Run `work` in a transaction; transient conflicts re-run it from the start,
        so `work` must not have effects outside the transaction."""
        committed_events = False
        last: Transaction | None = None

        async def attempt(session: AsyncClientSession) -> Any:
            nonlocal committed_events, last
            tx = last = Transaction(self.db, session)
            result = await work(tx)
            await self._write_outbox(tx)
            committed_events = bool(tx.events)
            return result

        deadline = (pymongo.timeout(self._deadline_seconds) if self._deadline_seconds is not None
                    else contextlib.nullcontext())
        with deadline:
            async with self.client.start_session() as session:
                result = await session.with_transaction(
                    attempt,
                    read_concern=ReadConcern("snapshot"),
                    write_concern=WriteConcern("majority"),
                )
        if committed_events and self._on_events_committed is not None:
            self._on_events_committed()  # wake the relay: low latency without tight polling
        if last is not None:
            await _run_after_commit(last._after_commit)
        return result

    async def _write_outbox(self, tx: Transaction) -> None:
        if not tx.events:
            return
        traceparent = current_traceparent()
        now = datetime.now(UTC)
        rows = []
        for event in tx.events:
            event_id = new_id()
            record = encode(event, event_id=event_id, source=self._source, time=now, traceparent=traceparent)
            rows.append({
                "_id": event_id, "topic": record.topic, "key": record.key, "value": record.value,
                "headers": record.headers, "created_at": now, "sent_at": None,
            })
        await tx.db[OUTBOX].insert_many(rows, session=tx.session)


async def _run_after_commit(callbacks: list[Callable[[], Awaitable[None]]]) -> None:
    for callback in callbacks:
        try:
            await callback()
        except Exception:  # noqa: BLE001 - the transaction committed; its effects stand
            log.exception("an after-commit callback failed")


async def ensure_plumbing_indexes(db: AsyncDatabase) -> None:
    await db[OUTBOX].create_index([("sent_at", 1), ("_id", 1)], name="unsent_in_order")
    # Sent rows are kept a week for diagnosis, then expire.
    await db[OUTBOX].create_index("sent_at", name="sent_ttl", expireAfterSeconds=7 * 24 * 3600,
                                  partialFilterExpression={"sent_at": {"$type": "date"}})
    await db[INBOX].create_index("processed_at", name="processed_ttl", expireAfterSeconds=30 * 24 * 3600)
