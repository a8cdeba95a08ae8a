"""Feed the notifications service real events and know when it has handled them.

The service consumes several topics at once, so their records are handled in no fixed
order between topics. A test that needs "the profile is recorded before the proposal
arrives", or "this stale event has been seen and ignored", waits until the consumer
group has committed past the record: it commits only after the record's transaction
committed (or the record was dead-lettered)."""
from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.envelope import encode
from contracts.events import IntegrationEvent
from servicekit.ids import new_id
from tests.support.apps import wait_until
from tests.support.kafka import produce_raw

GROUP = "notifications"


async def handled(bootstrap: str, topic: str, partition: int, offset: int, *, group: str = GROUP,
                  timeout: float = 20.0) -> None:
    """Wait until `group` has committed past the record. The probe never subscribes,
    so it never joins the group nor disturbs its assignment."""
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await probe.start()
    tp = TopicPartition(topic, partition)

    async def past() -> bool:
        committed = await probe.committed(tp)
        return committed is not None and committed > offset

    try:
        await wait_until(past, timeout=timeout, interval=0.1)
    finally:
        await probe.stop()


async def deliver(bootstrap: str, event: IntegrationEvent, *, event_id: str | None = None,
                  source: str = "/tests") -> str:
    """Publish `event` as its producer would, and wait until it has been handled; its ce_id."""
    event_id = event_id or new_id()
    record = encode(event, event_id=event_id, source=source)
    partition, offset = await produce_raw(bootstrap, record.topic, record.value, record.headers, record.key)
    await handled(bootstrap, record.topic, partition, offset)
    return event_id


async def _end_offsets(consumer: AIOKafkaConsumer, topic: str) -> dict[TopicPartition, int]:
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
    return await consumer.end_offsets(partitions) if partitions else {}


async def _committed_up_to(probe: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    """Has the probe's group committed up to these end offsets (empty partitions aside)?"""
    for tp, end in ends.items():
        committed = await probe.committed(tp)
        if end and (committed is None or committed < end):
            return False
    return True


class ReadModelWatch:
    """Around a change that publishes to `topic`: the topic's end before the change, then a
    wait until the change's event is on the topic and `group` has handled it. For tests that
    must not publish a proposal before the notifications read model knows a profile (a
    proposal is matched once, against the read model of that moment)."""

    def __init__(self, bootstrap: str, topic: str, *, group: str = GROUP) -> None:
        self._bootstrap, self._topic, self._group = bootstrap, topic, group
        self._before: dict[TopicPartition, int] = {}

    async def mark(self) -> None:
        probe = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, enable_auto_commit=False)
        await probe.start()
        try:
            await probe.topics()  # metadata for partitions_for_topic
            self._before = await _end_offsets(probe, self._topic)
        finally:
            await probe.stop()

    async def caught_up(self, timeout: float = 30.0) -> None:
        probe = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, group_id=self._group, enable_auto_commit=False)
        await probe.start()
        try:
            await probe.topics()
            ends: dict[TopicPartition, int] = {}

            async def published() -> bool:
                ends.update(await _end_offsets(probe, self._topic))
                return any(end > self._before.get(tp, 0) for tp, end in ends.items())

            await wait_until(published, timeout=timeout, interval=0.05)
            await wait_until(lambda: _committed_up_to(probe, ends), timeout=timeout, interval=0.05)
        finally:
            await probe.stop()


async def history_handled(bootstrap: str, group: str, topics: set[str], timeout: float = 60.0) -> None:
    """Wait until `group` has committed up to the end of `topics` as they are now: for a group
    that starts from the earliest offsets, what other tests published before it is behind it."""
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await probe.start()
    try:
        await probe.topics()
        ends: dict[TopicPartition, int] = {}
        for topic in topics:
            ends.update(await _end_offsets(probe, topic))
        await wait_until(lambda: _committed_up_to(probe, ends), timeout=timeout, interval=0.1)
    finally:
        await probe.stop()
