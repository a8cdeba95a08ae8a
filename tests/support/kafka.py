"""Read what services published, straight from the broker."""
from __future__ import annotations

import asyncio
import json

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from servicekit.ids import new_id


async def read_topic(bootstrap: str, topic: str, predicate=lambda record: True, *, count: int = 1,
                     timeout: float = 15.0) -> list:
    """Records on `topic` (from the beginning) matching `predicate`, once `count` are seen."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"test-{new_id()}",
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    found = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found) < count and asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                found.extend(r for r in records if predicate(r))
    finally:
        await consumer.stop()
    return found


def headers_of(record) -> dict[str, str]:
    return {k: v.decode() for k, v in record.headers}


def data_of(record) -> dict:
    return json.loads(record.value)


async def produce_raw(bootstrap: str, topic: str, value: bytes, headers: dict[str, str | bytes],
                      key: bytes | None = None) -> tuple[int, int]:
    """Produce one record as it is, header values as given (str encoded as UTF-8, bytes
    untouched, so tests can send headers no producer of ours would); its (partition, offset)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        sent = await producer.send_and_wait(
            topic, value, key=key,
            headers=[(k, v if isinstance(v, bytes) else v.encode()) for k, v in headers.items()])
    finally:
        await producer.stop()
    return sent.partition, sent.offset
