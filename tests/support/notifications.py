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
