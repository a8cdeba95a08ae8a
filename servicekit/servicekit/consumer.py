"""The idempotent event consumer.

One Kafka subscriber per service (its consumer group), over all the topics the service
listens to. Records arrive in batches; within a batch, records with the same key (the
aggregate id) are handled one after another, in order, while different keys are handled
concurrently: Kafka only orders records per key anyway, and the database round trips of
one transaction per event would otherwise serialise the whole service.

Each record is decoded from its CloudEvents envelope, dispatched by type, and handled
inside a unit of work that first records the event id as processed. Failures are retried
with exponential backoff and jitter; after the last try, or at once for a record that can
never succeed, the record goes to `<topic>.dlq.<group>` with the reason in its headers,
and the consumer goes on. Offsets are committed once the whole batch is handled.

An idle consumer must cost next to nothing: see `IdleBackoff` and `IdleFetchGovernor`.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener
from aiokafka.structs import ConsumerRecord, TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from opentelemetry import trace
from pymongo.errors import ConnectionFailure

from contracts.envelope import CloudEventAttributes, MalformedEvent, UnknownEventType, decode
from contracts.events import IntegrationEvent
from contracts.topics import dead_letter_topic
from servicekit.resilience import RetryPolicy
from servicekit.telemetry import context_from_traceparent, record_error
from servicekit.unit_of_work import AlreadyProcessed, Transaction, UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
E = TypeVar("E", bound=IntegrationEvent)
# An event entrypoint: the event, its envelope, and the service's handler context for the
# transaction the consumer opened (in which the event is also recorded as processed).
Handler = Callable[[Any, CloudEventAttributes, Any], Awaitable[None]]


def _utf8_safe(record: ConsumerRecord) -> ConsumerRecord:
    """FastStream decodes headers as UTF-8 before we see them: a header that is not would
    fail every redelivery. Replace what cannot be decoded; the envelope check then
    dead-letters the record if a CloudEvents attribute was affected."""
    headers = record.headers or ()
    safe = []
    for name, value in headers:
        try:
            (value or b"").decode()
            safe.append((name, value))
        except UnicodeDecodeError:
            safe.append((name, value.decode(errors="replace").encode()))
    return dataclasses.replace(record, headers=tuple(safe)) if safe != list(headers) else record


async def _parse_safely(records: Sequence[ConsumerRecord], original: Callable) -> Any:
    return await original(tuple(_utf8_safe(r) for r in records))


async def _raw_bodies(message: Any) -> Any:
    # Decoding is ours: a body that is not JSON becomes a dead letter, not a decode
    # error that would be redelivered forever.
    return message.body


class IdleBackoff:
    """How long an idle consumer stops fetching, from what one probe saw (pure: the clock and
    the consumer are the governor's).

    Apache Kafka holds a fetch that finds nothing for up to `fetch.max.wait.ms` and answers
    as soon as a record arrives: an idle consumer costs nothing there and is never paused. A
    broker that answers empty fetches at once (as the local noida-db does) makes the client
    fetch again at once, in a loop that takes a core. So the consumer pauses only when it was
    caught up on every partition *and* the broker answered a fetch at once: for `first`
    seconds, growing by `factor` up to `longest` while it stays idle (a record that arrives
    meanwhile waits at most that long), and from `first` again once records come. A slow
    growth keeps each pause to about a fifth of the quiet time so far: events that follow
    each other closely wait little, and a long quiet settles at `longest`."""

    def __init__(self, first: float = 0.01, longest: float = 0.15, factor: float = 1.25) -> None:
        self.first, self.longest, self.factor = first, longest, factor
        self._next = first

    def pause_after(self, *, caught_up: bool, answered_at_once: bool) -> float:
        """Seconds to stop fetching for (0: keep fetching)."""
        if not caught_up:
            self._next = self.first
            return 0.0
        if not answered_at_once:
            return 0.0  # the broker is holding our fetch: it answers when a record arrives
        pause, self._next = self._next, min(self._next * self.factor, self.longest)
        return pause


class IdleFetchGovernor:
    """Applies an IdleBackoff to a running aiokafka consumer with its public API only:
    `pause`/`resume` (a paused partition is left out of fetches; its position, the group's
    assignment, heartbeats and commits are untouched, and records fetched before a pause are
    fetched again from the same position), `highwater`/`position` (caught up?) and
    `last_poll_timestamp` (when did the broker answer?).

    A probe watches for up to `probe_seconds` for the broker's next answer. aiokafka sends
    the next fetch as soon as the last is answered (or when we resume), so an answer that
    comes less than `at_once_seconds` after the previous one (or the resume) was not held:
    Kafka holds an empty fetch for `fetch.max.wait.ms`; give a fraction of that. After a pause
    the next probe comes at once; otherwise after twice the previous wait, up to
    `check_seconds` (an answer that came late on a busy machine is looked at again soon; a
    broker that holds fetches costs ~10 looks a second). It runs while `current()` returns
    the consumer it started with (None: stopped). `now_ms` is the clock of aiokafka's
    `last_poll_timestamp`."""

    def __init__(self, current: Callable[[], AIOKafkaConsumer | None], backoff: IdleBackoff, *,
                 at_once_seconds: float = 0.05, probe_seconds: float = 0.002, check_seconds: float = 0.1,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 now_ms: Callable[[], int] = lambda: int(time.time() * 1000)) -> None:
        self._current = current
        self._backoff = backoff
        self._at_once_ms = at_once_seconds * 1000
        self._probe_seconds = probe_seconds
        self._check_seconds = check_seconds
        self._sleep = sleep
        self._now_ms = now_ms
        self._resumed_at_ms = -1
        self.pauses = 0  # how often it stopped fetching

    async def run(self) -> None:
        consumer = self._current()
        recheck = self._probe_seconds
        while consumer is not None and self._current() is consumer:
            try:
                pause = await self._probe(consumer)
            except Exception:  # noqa: BLE001 - a rebalance or a stop under our feet: look again later
                log.debug("idle probe skipped", exc_info=True)
                pause = 0.0
            if not pause:
                await self._sleep(recheck)
                recheck = min(recheck * 2, self._check_seconds)
                continue
            # No await between the verdict and the pause, so no answer with records slips in
            # (one would only be fetched again after the pause: pausing is always safe).
            paused = consumer.assignment()
            consumer.pause(*paused)
            self.pauses += 1
            recheck = self._probe_seconds
            try:
                await self._sleep(pause)
            finally:
                with contextlib.suppress(Exception):  # partitions revoked meanwhile are not ours to resume
                    consumer.resume(*(paused & consumer.assignment()))
                    self._resumed_at_ms = self._now_ms()

    async def _probe(self, consumer: AIOKafkaConsumer) -> float:
        partitions = consumer.assignment()
        if not partitions:
            return 0.0
        previous = _last_answer(consumer, partitions)
        sent = max(previous, self._resumed_at_ms)  # when the fetch now in flight went out
        highwaters = _highwaters(consumer, partitions)
        answered_at_once, step = False, self._probe_seconds / 4
        for _ in range(4):  # stop at the first answer: each one the broker sends at once costs CPU
            await self._sleep(step)
            if consumer.assignment() != partitions:
                return 0.0
            answered = _last_answer(consumer, partitions)
            if answered > previous:
                answered_at_once = answered - sent < self._at_once_ms
                break
        # Caught up: nothing new arrived during the probe and nothing fetched is left to read.
        caught_up = None not in highwaters and _highwaters(consumer, partitions) == highwaters
        if caught_up:
            for tp, highwater in zip(partitions, highwaters, strict=True):
                if await consumer.position(tp) < highwater:
                    caught_up = False
                    break
        return self._backoff.pause_after(caught_up=caught_up, answered_at_once=answered_at_once)


def _highwaters(consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> list[int | None]:
    """As of the broker's last answers (None: not answered yet); in the set's iteration order."""
    return [consumer.highwater(tp) for tp in partitions]


def _last_answer(consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> int:
    """When the broker last answered a fetch for any of them (ms; -1: never)."""
    return max((consumer.last_poll_timestamp(tp) or -1 for tp in partitions), default=-1)


class _GovernOnAssignment(ConsumerRebalanceListener):
    """Starts the consumer's idle governor once it has partitions (the subscriber's consumer
    exists only after the broker started); the governor ends by itself with the consumer."""

    def __init__(self, start: Callable[[], None]) -> None:
        self._start = start

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        pass

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._start()


class EventConsumer:
    def __init__(self, broker: KafkaBroker, uow: UnitOfWork, group_id: str, retry: RetryPolicy,
                 instance_id: str | None = None, *, batch_size: int = 200, concurrency: int = 8,
                 fetch_max_wait_ms: int = 500, idle_pause_max_seconds: float = 0.15) -> None:
        """`fetch_max_wait_ms`: how long the broker may hold a fetch that finds nothing (it
        answers as soon as a record arrives, so this costs no latency). `idle_pause_max_seconds`:
        the longest an idle consumer stops fetching when the broker does not hold fetches
        (see IdleBackoff); 0 never stops."""
        self._broker = broker
        self._instance_id = instance_id
        self._uow = uow
        self.group_id = group_id
        self._retry = retry
        self._batch_size = batch_size
        self._concurrency = concurrency
        self._handlers: dict[str, Handler] = {}
        self._filters: dict[str, Callable[[Any], bool]] = {}
        self._topics: list[str] = []
        self._subscribed = False
        self._subscriber: Any = None
        self._fetch_max_wait_ms = fetch_max_wait_ms
        self._idle_pause_max_seconds = idle_pause_max_seconds
        self._governing: asyncio.Task | None = None
        self._governed: AIOKafkaConsumer | None = None

    def on(self, event_class: type[E], handler: Callable[[E, CloudEventAttributes, Any], Awaitable[None]],
           *, when: Callable[[E], bool] | None = None) -> None:
        """`when`: events it rejects are skipped before any transaction (no inbox row either),
        for a consumer that ignores most events of a type."""
        if self._subscribed:
            # Its topic would never be read, and the contract would not show it.
            raise RuntimeError(f"{event_class.event_type}: register handlers before the consumer subscribes")
        self._handlers[event_class.event_type] = handler
        if when is not None:
            self._filters[event_class.event_type] = when
        if event_class.topic not in self._topics:
            self._topics.append(event_class.topic)

    @property
    def topics(self) -> list[str]:
        return list(self._topics)

    def subscribe(self) -> None:
        """Register the subscriber with the broker (before the broker starts), once: at start,
        or earlier when the AsyncAPI document is asked for, so it shows what is consumed."""
        if self._subscribed:
            return
        self._subscribed = True
        if not self._topics:
            return
        subscriber = self._broker.subscriber(
            *self._topics,
            group_id=self.group_id,
            group_instance_id=self._instance_id,
            auto_offset_reset="earliest",
            batch=True,
            max_records=self._batch_size,
            # FastStream sleeps this long after an empty poll while records may be arriving:
            # it bounds an idle consumer's added latency, on Kafka too.
            batch_timeout_ms=50,
            fetch_max_wait_ms=self._fetch_max_wait_ms,
            listener=_GovernOnAssignment(self._govern_idle_fetching) if self._idle_pause_max_seconds > 0 else None,
            # Commit only after every record of the batch is handled or dead-lettered; if
            # even a dead-letter publish fails, nack so the batch is read again (handled
            # records are then skipped as already processed).
            ack_policy=AckPolicy.NACK_ON_ERROR,
            parser=_parse_safely,
            decoder=_raw_bodies,
            title=f"{self.group_id}-events",
            description=f"Consumer group {self.group_id!r} handles {', '.join(sorted(self._handlers))}.",
        )
        subscriber(self._receive)
        self._subscriber = subscriber

    @property
    def kafka_consumer(self) -> AIOKafkaConsumer | None:
        """The subscriber's aiokafka consumer while the broker runs."""
        return getattr(self._subscriber, "consumer", None)

    def _govern_idle_fetching(self) -> None:
        running = self._governing is not None and not self._governing.done()
        if running and self._governed is self.kafka_consumer:
            return  # a rebalance: the running governor follows the new assignment
        # First assignment, or a new consumer after the broker reconnected (the old
        # governor ends by itself).
        self._governed = self.kafka_consumer
        first = min(0.01, self._idle_pause_max_seconds)
        governor = IdleFetchGovernor(lambda: self.kafka_consumer,
                                     IdleBackoff(first=first, longest=self._idle_pause_max_seconds),
                                     at_once_seconds=self._fetch_max_wait_ms / 1000 / 10)
        self._governing = asyncio.create_task(governor.run(), name=f"{self.group_id}-idle-governor")

    async def _receive(self, body: Any, message: KafkaMessage) -> None:
        await self.handle_batch(message.raw_message)

    async def handle_batch(self, records: Sequence[ConsumerRecord]) -> None:
        lanes: dict[tuple, list[ConsumerRecord]] = defaultdict(list)
        for record in records:
            # Keyless records have no per-key order to keep: their partition's order is kept.
            lane = (record.topic, record.key) if record.key is not None else (record.topic, record.partition)
            lanes[lane].append(record)
        slots = asyncio.Semaphore(self._concurrency)

        async def run(lane: list[ConsumerRecord]) -> None:
            async with slots:
                for record in lane:
                    await self._handle_traced(record)

        outcomes = await asyncio.gather(*(run(lane) for lane in lanes.values()), return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            raise failures[0]

    async def _handle_traced(self, record: ConsumerRecord) -> None:
        """A `process` span per record, child of the producer's context carried in the
        record, so the handler's database work joins the trace of the action that caused it."""
        headers = dict(record.headers or ())
        traceparent = headers.get("traceparent", b"").decode(errors="replace") or None
        attributes = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": record.topic,
            "messaging.destination.partition.id": str(record.partition),
            "messaging.kafka.offset": record.offset,
            "messaging.consumer.group.name": self.group_id,
            "messaging.message.id": headers.get("ce_id", b"").decode(errors="replace"),
        }
        with tracer.start_as_current_span(f"process {record.topic}", context=context_from_traceparent(traceparent),
                                          kind=trace.SpanKind.CONSUMER, attributes=attributes) as span:
            try:
                await self.handle_record(record.topic, record.partition, record.offset, headers, record.value)
            except Exception as exc:
                record_error(span, exc)
                raise

    async def handle_record(self, topic: str, partition: int, offset: int,
                            headers: dict[str, bytes], value: bytes | None) -> None:
        try:
            attributes, event = decode(headers, value)
        except UnknownEventType as exc:
            log.info("skipping event of unknown type %s", exc)
            return
        except MalformedEvent as exc:
            await self._dead_letter(topic, partition, offset, headers, value, str(exc), "MalformedEvent", 0)
            return
        handler = self._handlers.get(attributes.type)
        if handler is None:
            return  # a type on our topics that this service does not care about
        wanted = self._filters.get(attributes.type)
        if wanted is not None and not wanted(event):
            return

        attempt = 0
        while True:
            attempt += 1
            try:
                await self._uow.run(lambda tx: self._handle_once(handler, event, attributes, tx))
                return
            except AlreadyProcessed:
                log.debug("event %s already processed by %s", attributes.id, self.group_id)
                return
            except ConnectionFailure as exc:
                # The database is away: not the event's fault. Wait (holding this key's lane,
                # so order is kept) instead of dead-lettering good events.
                attempt -= 1
                log.warning("database unreachable while handling %s; waiting: %s", attributes.id, exc)
                await asyncio.sleep(self._retry.backoff_max_seconds)
            except Exception as exc:
                if attempt == self._retry.max_attempts:
                    log.exception("event %s failed %d times; dead-lettering", attributes.id, attempt)
                    await self._dead_letter(topic, partition, offset, headers, value,
                                            f"{type(exc).__name__}: {exc}", type(exc).__name__, attempt)
                    return
                delay = self._retry.delay(attempt)
                log.warning("event %s failed (attempt %d), retrying in %.2fs: %s",
                            attributes.id, attempt, delay, exc)
                await asyncio.sleep(delay)

    async def _handle_once(self, handler: Handler, event: IntegrationEvent,
                           attributes: CloudEventAttributes, tx: Transaction) -> None:
        await tx.mark_processed(attributes.id, self.group_id)
        await handler(event, attributes, self._uow.context(tx))

    async def _dead_letter(self, topic: str, partition: int, offset: int, headers: dict[str, bytes],
                           value: bytes | None, reason: str, error_type: str, attempts: int) -> None:
        out = {k: (v.decode(errors="replace") if isinstance(v, bytes) else str(v)) for k, v in headers.items()}
        out.update({
            "dlq_reason": reason[:2000],
            "dlq_error_type": error_type,
            "dlq_attempts": str(attempts),
            "dlq_original_topic": topic,
            "dlq_original_partition": str(partition),
            "dlq_original_offset": str(offset),
            "dlq_consumer_group": self.group_id,
        })
        key = out.get("ce_subject", "").encode() or None
        await self._broker.publish(value or b"", dead_letter_topic(topic, self.group_id), key=key, headers=out)
