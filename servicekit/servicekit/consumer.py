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
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from aiokafka.structs import ConsumerRecord
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
Handler = Callable[[Any, CloudEventAttributes, Transaction], Awaitable[None]]


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


class EventConsumer:
    def __init__(self, broker: KafkaBroker, uow: UnitOfWork, group_id: str, retry: RetryPolicy,
                 instance_id: str | None = None, *, batch_size: int = 200, concurrency: int = 8) -> None:
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

    def on(self, event_class: type[E], handler: Callable[[E, CloudEventAttributes, Transaction], Awaitable[None]],
           *, when: Callable[[E], bool] | None = None) -> None:
        """`when`: events it rejects are skipped before any transaction (no inbox row either),
        for a consumer that ignores most events of a type."""
        self._handlers[event_class.event_type] = handler
        if when is not None:
            self._filters[event_class.event_type] = when
        if event_class.topic not in self._topics:
            self._topics.append(event_class.topic)

    @property
    def topics(self) -> list[str]:
        return list(self._topics)

    def subscribe(self) -> None:
        """Register the subscriber with the broker (before the broker starts)."""
        if not self._topics:
            return
        subscriber = self._broker.subscriber(
            *self._topics,
            group_id=self.group_id,
            group_instance_id=self._instance_id,
            auto_offset_reset="earliest",
            batch=True,
            max_records=self._batch_size,
            batch_timeout_ms=100,
            fetch_max_wait_ms=50,
            # Commit only after every record of the batch is handled or dead-lettered; if
            # even a dead-letter publish fails, nack so the batch is read again (handled
            # records are then skipped as already processed).
            ack_policy=AckPolicy.NACK_ON_ERROR,
            parser=_parse_safely,
            decoder=_raw_bodies,
            title=f"{self.group_id}-events",
        )
        subscriber(self._receive)

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
        await handler(event, attributes, tx)

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
