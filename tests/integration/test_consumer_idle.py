"""An idle consumer against the real (embedded) broker: it asks the broker rarely while
nothing happens, even though this broker answers a fetch of several partitions at once
instead of holding it, and the events that come afterwards are still handled in order per
key and committed."""
from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from contracts.envelope import encode
from contracts.events import InterestExpressed, ProposalClosed
from servicekit.consumer import EventConsumer, RetryPolicy
from servicekit.ids import new_id
from servicekit.unit_of_work import UnitOfWork
from tests.support.apps import wait_until
from tests.support.kafka import produce_raw

pytestmark = pytest.mark.asyncio
QUIET_SECONDS = 3


class FetchCounter:
    """Counts the fetch requests a consumer sends. aiokafka has no public hook for this: the
    test wraps its client's `send` (instrumentation only; the broker is the real one)."""

    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.count = 0
        client = consumer._client
        send = client.send

        async def counting_send(node_id, request, *args, **kwargs):
            if type(request).__name__.startswith("FetchRequest"):
                self.count += 1
            return await send(node_id, request, *args, **kwargs)

        client.send = counting_send


def closed(proposal_id: str, version: int):
    return encode(ProposalClosed(proposal_id=proposal_id, version=version, reason="withdrawn"),
                  event_id=new_id(), source="/idle-test")


def interest(proposal_id: str):
    return encode(InterestExpressed(interest_id=new_id(), proposal_id=proposal_id, proposal_title="T",
                                    proposal_owner_id=None, sender_id=new_id(), message="hello"),
                  event_id=new_id(), source="/idle-test")


async def produce(infra, record) -> None:
    await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, record.key)


async def test_an_idle_consumer_fetches_rarely_then_handles_in_order_and_commits(mongo, infra):
    client, database = mongo
    group = f"idle-{new_id()[-8:]}"
    broker = KafkaBroker(infra.kafka_bootstrap, enable_idempotence=True, acks="all")
    # Two topics of three partitions each, static membership: as the services consume.
    consumer = EventConsumer(broker, UnitOfWork(client, database, source="/idle-test"), group,
                             RetryPolicy(max_attempts=2, backoff_seconds=0.01, backoff_max_seconds=0.05),
                             instance_id=f"{group}-1")
    handled: list[tuple[str, int]] = []

    async def on_closed(event: ProposalClosed, attributes, tx):
        handled.append((event.proposal_id, event.version))

    async def on_interest(event: InterestExpressed, attributes, tx):
        handled.append((event.proposal_id, 0))

    consumer.on(ProposalClosed, on_closed)
    consumer.on(InterestExpressed, on_interest)
    consumer.subscribe()
    await broker.start()
    try:
        warm_up = new_id()
        await produce(infra, interest(warm_up))  # joined, positions known, caught up
        await wait_until(lambda: (warm_up, 0) in handled, timeout=60)
        kafka = consumer.kafka_consumer
        assert kafka is not None and len(kafka.assignment()) == 6

        fetches = FetchCounter(kafka)
        await asyncio.sleep(QUIET_SECONDS)
        # Spinning, the consumer sends hundreds to thousands of fetches a second; paced, a
        # few per pause (at most ~10 pauses a second); on Apache Kafka, two a second.
        assert fetches.count < 40 * QUIET_SECONDS, f"{fetches.count} fetches in {QUIET_SECONDS}s of quiet"

        # Events after the quiet, some while the consumer is paused: all handled, each key's in order.
        proposal = new_id()
        for version in range(1, 11):
            await produce(infra, closed(proposal, version))
            if version % 3 == 0:
                await asyncio.sleep(0.3)  # idle again in between
        await produce(infra, interest(proposal))
        await wait_until(lambda: len([h for h in handled if h[0] == proposal]) == 11, timeout=60)
        assert [v for p, v in handled if p == proposal and v] == list(range(1, 11))

        # Committed up to the end of every partition, pauses or not.
        async def all_committed() -> bool:
            ends = await kafka.end_offsets(list(kafka.assignment()))
            committed = {tp: await kafka.committed(tp) or 0 for tp in ends}
            return committed == ends

        await wait_until(all_committed, timeout=30)
    finally:
        await broker.stop()
