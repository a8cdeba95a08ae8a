"""Throughput figures: raw aiokafka on the embedded broker, raw MongoDB writes, and our
event pipeline (unit of work -> outbox -> relay -> Kafka -> idempotent consumer) run
through servicekit exactly as a service runs it."""
from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient

from contracts.envelope import CloudEventAttributes
from contracts.events import ProposalPublished
from contracts.events.proposals import ProposalKind
from servicekit.ids import new_id
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings
from servicekit.unit_of_work import Transaction

MESSAGE_BYTES = 500
PIPELINE_SERVICE = "bench-pipeline"  # the throwaway service: its consumer group and database
HANDLED = "handled"  # one document per handled event, written by the pipeline's handler
POLL_SECONDS = 0.02


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


# -- 1. raw aiokafka ------------------------------------------------------------------------
@dataclass(frozen=True)
class RawKafkaResult:
    messages: int
    produce_per_s: float      # first send -> last acknowledgement
    end_to_end_per_s: float   # first send -> last record received by a consumer running meanwhile
    consume_per_s: float      # a second fresh group reading the whole topic (from its start, join included)


async def _consume_all(bootstrap: str, topic: str, group: str, expected: int,
                       ready: asyncio.Event | None = None) -> float:
    """Read `expected` records with a fresh consumer group; returns when the last arrived."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                                auto_offset_reset="earliest", enable_auto_commit=True)
    await consumer.start()
    try:
        received = 0
        while received < expected:
            batch = await consumer.getmany(timeout_ms=100, max_records=10_000)
            received += sum(len(records) for records in batch.values())
            if ready is not None and consumer.assignment():
                ready.set()  # joined: the producer may start the clock
        return time.perf_counter()
    finally:
        await consumer.stop()


async def raw_kafka(bootstrap: str, messages: int, chunk: int = 5_000) -> RawKafkaResult:
    topic = f"bench.raw.{new_id()}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()

    # Same producer guarantees as our services' broker: idempotent, acks=all.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5)
    await producer.start()
    joined = asyncio.Event()
    live_consumer = asyncio.create_task(_consume_all(bootstrap, topic, f"bench-raw-live-{new_id()}", messages, joined))
    try:
        await asyncio.wait_for(joined.wait(), timeout=30)
        payload = os.urandom(MESSAGE_BYTES // 2).hex().encode()
        started = time.perf_counter()
        for offset in range(0, messages, chunk):
            acks = [await producer.send(topic, payload) for _ in range(min(chunk, messages - offset))]
            await asyncio.gather(*acks)
        produced = time.perf_counter()
        last_received = await asyncio.wait_for(live_consumer, timeout=120)
    finally:
        live_consumer.cancel()
        await producer.stop()

    consume_started = time.perf_counter()
    consumed = await asyncio.wait_for(_consume_all(bootstrap, topic, f"bench-raw-backlog-{new_id()}", messages),
                                      timeout=120)
    return RawKafkaResult(messages, rate(messages, produced - started), rate(messages, last_received - started),
                          rate(messages, consumed - consume_started))


# -- MongoDB context ------------------------------------------------------------------------
@dataclass(frozen=True)
class RawMongoResult:
    documents: int
    insert_many_per_s: float
    transactions: int
    transactions_per_s: float  # one small insert per transaction, one after another, as the consumer does


async def raw_mongo(mongo_url: str, documents: int, transactions: int, batch: int = 500) -> RawMongoResult:
    client = AsyncMongoClient(mongo_url, tz_aware=True)
    try:
        db = client["bench_raw"]
        collection = db[f"docs_{new_id()}"]
        filler = "x" * (MESSAGE_BYTES - 60)
        started = time.perf_counter()
        for offset in range(0, documents, batch):
            await collection.insert_many([{"_id": new_id(), "n": offset + i, "filler": filler}
                                          for i in range(min(batch, documents - offset))])
        inserted = time.perf_counter()

        tx_collection = db[f"tx_{new_id()}"]
        await tx_collection.insert_one({"_id": "create"})  # collections cannot be created inside a transaction
        tx_started = time.perf_counter()
        for n in range(transactions):
            async with client.start_session() as session:
                async def insert(s, n=n):
                    await tx_collection.insert_one({"_id": new_id(), "n": n, "filler": filler}, session=s)
                await session.with_transaction(insert)
        tx_done = time.perf_counter()
        await client.drop_database("bench_raw")
    finally:
        await client.close()
    return RawMongoResult(documents, rate(documents, inserted - started),
                          transactions, rate(transactions, tx_done - tx_started))


# -- 2. our pipeline ------------------------------------------------------------------------
@dataclass(frozen=True)
class PipelineResult:
    events: int
    batch: int
    writers: int
    outbox_write_per_s: float  # first write -> last transaction committed
    end_to_end_per_s: float    # first write -> last event handled (its document committed)


def _event(owner_id: str, n: int) -> ProposalPublished:
    # ~500 bytes of JSON on the wire, like the raw messages.
    return ProposalPublished(
        proposal_id=new_id(), version=1, owner_id=owner_id, kind=ProposalKind.TECHNOLOGY_OFFER,
        title=f"Benchmark proposal {n}", summary="Lightweight thermoplastic composite structures. " * 4,
        descriptors=["s3:aerospace", "s3c:aerospace-01"], published_at=datetime.now(UTC),
    )


async def _publish_all(tx: Transaction, events: list[ProposalPublished]) -> None:
    for event in events:
        tx.publish(event)


async def _start_at_topic_end(bootstrap: str, topic: str, group: str) -> None:
    """Commit the group's offsets at the end of `topic`, so the pipeline's consumer sees
    only this run's events, not what earlier phases (the latency run) put there."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # refresh metadata
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            return  # no topic yet: nothing to skip
        assigned = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(assigned)
        await consumer.commit(await consumer.end_offsets(assigned))
    finally:
        await consumer.stop()


async def _wait_until_handled(runtime: ServiceRuntime, last_ids: set[str], expected: int, timeout: float) -> float:
    """When the handled documents reached `expected` (within one poll). Counting is a
    collection scan on SecantusDB, so the poll looks up the last events written by id
    (cheap) and counts only once they are there."""
    handled = runtime.db[HANDLED]
    deadline = time.perf_counter() + timeout
    while True:
        if await handled.count_documents({"_id": {"$in": list(last_ids)}}) == len(last_ids):
            now = time.perf_counter()
            count = await handled.count_documents({})
            if count >= expected:
                return now
        if time.perf_counter() > deadline:
            count = await handled.count_documents({})
            raise TimeoutError(f"pipeline handled {count} of {expected} events within {timeout:.0f}s")
        await asyncio.sleep(POLL_SECONDS)


async def pipeline(mongo_url: str, bootstrap: str, redis_url: str, events: int, batch: int, writers: int,
                   timeout: float = 240) -> PipelineResult:
    """One throwaway service in this process, wired by ServiceRuntime like every service:
    writers commit `batch` ProposalPublished events per transaction into the outbox, the
    relay publishes them (idempotent producer, acks=all), and the consumer handles each
    in its own transaction (inbox dedupe + one document)."""
    os.environ["OTEL_TRACES_EXPORTER"] = "none"
    await _start_at_topic_end(bootstrap, ProposalPublished.topic, PIPELINE_SERVICE)
    settings = ServiceSettings(service_name=PIPELINE_SERVICE, mongo_url=mongo_url, mongo_db="bench_pipeline",
                               kafka_bootstrap_servers=bootstrap, redis_url=redis_url, log_level="WARNING")
    runtime = ServiceRuntime(settings, title="pipeline benchmark")

    async def handle(event: ProposalPublished, attributes: CloudEventAttributes, tx: Transaction) -> None:
        await tx.db[HANDLED].insert_one({"_id": event.proposal_id, "event_id": attributes.id,
                                         "handled_at": datetime.now(UTC)}, session=tx.session)

    runtime.consumer.on(ProposalPublished, handle)
    owner_id = new_id()
    await runtime.mongo.drop_database(settings.database_name)
    await runtime.db.create_collection(HANDLED)  # not inside the first transaction
    await runtime.start()
    try:
        # Warm-up, off the clock: producer session, consumer group join, connection pools.
        warm_up = _event(owner_id, -1)
        await runtime.uow.run(lambda tx: _publish_all(tx, [warm_up]))
        await _wait_until_handled(runtime, {warm_up.proposal_id}, 1, timeout=60)

        per_writer = [list(range(w, events, writers)) for w in range(writers)]
        last_ids: set[str] = set()

        async def write(numbers: list[int]) -> None:
            chunk: list[ProposalPublished] = []
            for offset in range(0, len(numbers), batch):
                chunk = [_event(owner_id, n) for n in numbers[offset:offset + batch]]
                await runtime.uow.run(lambda tx, chunk=chunk: _publish_all(tx, chunk))
            if chunk:
                last_ids.add(chunk[-1].proposal_id)

        started = time.perf_counter()
        await asyncio.gather(*(write(numbers) for numbers in per_writer))
        written = time.perf_counter()
        handled = await _wait_until_handled(runtime, last_ids, events + 1, timeout=timeout)
    finally:
        await runtime.stop()
    return PipelineResult(events, batch, writers, rate(events, written - started), rate(events, handled - started))
