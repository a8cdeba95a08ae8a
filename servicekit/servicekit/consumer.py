"""The idempotent event consumer.

One Kafka subscriber per service (its consumer group), over all the topics the service
listens to; each record is decoded from its CloudEvents envelope, dispatched by type,
and handled inside a unit of work that first records the event id in the inbox.
Failures are retried with exponential backoff and jitter; after the last try, or at
once for a record that can never succeed, the record goes to `<topic>.dlq.<group>`
with the reason in its headers, and the consumer goes on.
"""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from faststream import AckPolicy
from pymongo.errors import ConnectionFailure
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from contracts.envelope import CloudEventAttributes, MalformedEvent, UnknownEventType, decode
from contracts.events import IntegrationEvent
from contracts.topics import dead_letter_topic
from servicekit.unit_of_work import AlreadyProcessed, Transaction, UnitOfWork

log = logging.getLogger(__name__)
E = TypeVar("E", bound=IntegrationEvent)
Handler = Callable[[Any, CloudEventAttributes, Transaction], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 5.0

    def delay(self, attempt: int) -> float:
        # Full jitter: replicas that failed together do not retry together.
        return random.uniform(0, min(self.backoff_max_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


async def _raw_body(message: Any) -> bytes:
    return message.body


class EventConsumer:
    def __init__(self, broker: KafkaBroker, uow: UnitOfWork, group_id: str, retry: RetryPolicy,
                 instance_id: str | None = None) -> None:
        self._broker = broker
        self._instance_id = instance_id
        self._uow = uow
        self.group_id = group_id
        self._retry = retry
        self._handlers: dict[str, Handler] = {}
        self._topics: list[str] = []

    def on(self, event_class: type[E], handler: Callable[[E, CloudEventAttributes, Transaction], Awaitable[None]]) -> None:
        self._handlers[event_class.event_type] = handler
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
            # Commit only after the record is handled or dead-lettered; if even the
            # dead-letter publish fails, nack so the record is read again.
            ack_policy=AckPolicy.NACK_ON_ERROR,
            fetch_max_wait_ms=50,
            # Hand the raw bytes over: decoding is ours, so a body that is not JSON becomes a
            # dead letter instead of a decode error that would be redelivered forever.
            decoder=_raw_body,
            title=f"{self.group_id}-events",
        )
        subscriber(self._receive)

    async def _receive(self, body: Any, message: KafkaMessage) -> None:
        await self.handle_record(message.raw_message.topic, message.raw_message.partition,
                                 message.raw_message.offset, dict(message.raw_message.headers or ()),
                                 message.body)

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
                # The database is away: not the event's fault. Wait (holding this partition,
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
