"""The reliability core against the real broker and database: outbox, relay lease,
idempotent consumer, retries, dead-lettering."""
from __future__ import annotations


import pytest
from faststream.kafka import KafkaBroker

from contracts import topics
from contracts.envelope import encode
from contracts.events import ProposalClosed
from servicekit.consumer import EventConsumer, RetryPolicy
from servicekit.ids import new_id
from servicekit.outbox import OutboxRelay, pending_count
from servicekit.unit_of_work import UnitOfWork
from tests.support.apps import wait_until
from tests.support.kafka import headers_of, produce_raw, read_topic

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def broker(infra):
    broker = KafkaBroker(infra.kafka_bootstrap, enable_idempotence=True, acks="all")
    yield broker
    await broker.stop()


async def publish_via_broker(broker: KafkaBroker):
    async def publish(topic, key, value, headers):
        return await broker.publish(value, topic, key=key, headers=headers, no_confirm=True)
    return publish


async def test_events_committed_before_a_crash_are_published_after_restart(mongo, broker, infra):
    client, database = mongo
    uow = UnitOfWork(client, database, source="/kit-test")  # no relay running: the process "died" here
    ids = [new_id() for _ in range(20)]
    for proposal_id in ids:
        async def work(tx, proposal_id=proposal_id):
            await tx.db["things"].insert_one({"_id": proposal_id}, session=tx.session)
            tx.publish(ProposalClosed(proposal_id=proposal_id, version=1, reason="withdrawn"))
        await uow.run(work)
    assert await pending_count(client[database]) == 20

    await broker.start()
    relay = OutboxRelay(client[database], await publish_via_broker(broker), poll_seconds=0.05)
    relay.start()  # the restarted process
    try:
        await wait_until(lambda: _zero(pending_count(client[database])), timeout=15)
    finally:
        await relay.stop()
    records = await read_topic(infra.kafka_bootstrap, topics.PROPOSALS_PROPOSAL,
                               lambda r: r.key.decode() in ids, count=20)
    assert sorted(r.key.decode() for r in records) == sorted(ids)
    assert all(headers_of(r)["ce_source"] == "/kit-test" for r in records)


async def _zero(awaitable) -> bool:
    return await awaitable == 0


async def test_a_failed_transaction_leaves_no_event(mongo):
    client, database = mongo
    uow = UnitOfWork(client, database, source="/kit-test")

    async def work(tx):
        tx.publish(ProposalClosed(proposal_id=new_id(), version=1, reason="withdrawn"))
        raise RuntimeError("the handler failed after queuing an event")

    with pytest.raises(RuntimeError):
        await uow.run(work)
    assert await pending_count(client[database]) == 0


async def test_only_one_relay_holds_the_lease(mongo, broker):
    client, database = mongo
    publish = await publish_via_broker(broker)
    first = OutboxRelay(client[database], publish, lease_seconds=5)
    second = OutboxRelay(client[database], publish, lease_seconds=5)
    assert await first._lease.hold() is True
    assert await second._lease.hold() is False
    assert await first._lease.hold() is True  # renewal
    await first._lease.release()
    assert await second._lease.hold() is True


async def test_consumer_retries_dedupes_and_dead_letters(mongo, broker, infra):
    client, database = mongo
    # The handler's context is the bare transaction: this test's handler writes a collection of its own.
    uow = UnitOfWork(client, database, source="/kit-test", context=lambda tx: tx)
    group = f"kit-{new_id()[-8:]}"
    consumer = EventConsumer(broker, uow, group, RetryPolicy(max_attempts=3, backoff_seconds=0.01,
                                                             backoff_max_seconds=0.05))
    attempts: dict[str, int] = {}

    async def handle(event: ProposalClosed, attributes, tx):
        attempts[event.proposal_id] = attempts.get(event.proposal_id, 0) + 1
        if event.reason == "flaky" and attempts[event.proposal_id] < 3:
            raise ConnectionError("transient")
        if event.reason == "broken":
            raise ValueError("this handler can never process it")
        await tx.db["handled"].insert_one({"_id": attributes.id, "proposal_id": event.proposal_id},
                                          session=tx.session)

    consumer.on(ProposalClosed, handle)
    consumer.subscribe()
    await broker.start()

    def record(reason, event_id=None, proposal_id=None):
        return encode(ProposalClosed(proposal_id=proposal_id or new_id(), version=1, reason=reason),
                      event_id=event_id or new_id(), source="/kit-test")

    good, flaky, broken = record("withdrawn"), record("flaky"), record("broken")
    poison_headers = dict(good.headers, ce_id=new_id(), ce_subject="poison")
    await produce_raw(infra.kafka_bootstrap, topics.PROPOSALS_PROPOSAL, b"{garbage", poison_headers, b"poison")
    # A header that is not UTF-8 (the subject): must be dead-lettered, not redelivered forever.
    garbled = record("withdrawn")
    await produce_raw(infra.kafka_bootstrap, garbled.topic, garbled.value,
                      {**garbled.headers, "ce_subject": b"\xff\xfe"}, garbled.key)
    for r in (good, good, flaky, broken):  # `good` twice: a redelivery
        await produce_raw(infra.kafka_bootstrap, r.topic, r.value, r.headers, r.key)
    after = record("withdrawn")
    await produce_raw(infra.kafka_bootstrap, after.topic, after.value, after.headers, after.key)

    handled = client[database]["handled"]
    # Different keys are handled concurrently: `after` may be done before the others.
    for done in (after, good, flaky):
        await wait_until(lambda done=done: handled.find_one({"_id": done.headers["ce_id"]}), timeout=30)
    assert await handled.count_documents({"_id": good.headers["ce_id"]}) == 1
    assert await handled.count_documents({"_id": flaky.headers["ce_id"]}) == 1
    assert attempts[flaky.key.decode()] == 3
    assert await handled.count_documents({"_id": broken.headers["ce_id"]}) == 0

    dead = await read_topic(infra.kafka_bootstrap, topics.dead_letter_topic(topics.PROPOSALS_PROPOSAL, group),
                            count=3, timeout=20)
    reasons = {headers_of(r)["ce_id"]: headers_of(r) for r in dead}
    assert reasons[poison_headers["ce_id"]]["dlq_error_type"] == "MalformedEvent"
    assert reasons[broken.headers["ce_id"]]["dlq_reason"].startswith("ValueError")
    assert reasons[broken.headers["ce_id"]]["dlq_attempts"] == "3"
    assert reasons[broken.headers["ce_id"]]["dlq_original_topic"] == topics.PROPOSALS_PROPOSAL
    assert reasons[garbled.headers["ce_id"]]["dlq_error_type"] == "MalformedEvent"
    assert await handled.count_documents({"_id": garbled.headers["ce_id"]}) == 0


async def test_health_reports_the_broker_down_and_the_service_still_answers(infra):
    from devstack import free_port
    from proposals.entrypoints.app import ProposalsSettings, create_app
    from tests.support.apps import running_without_broker

    app = create_app(ProposalsSettings(mongo_db="proposals_nobroker",
                                       kafka_bootstrap_servers=f"127.0.0.1:{free_port()}"))
    async with running_without_broker(app) as client:
        health = await client.get("/health")
        assert health.status_code == 503
        checks = health.json()["checks"]
        assert checks["kafka"]["status"] == "down"
        assert checks["mongodb"]["status"] == "up" and checks["redis"]["status"] == "up"
        assert health.headers["content-type"] == "application/json"


async def test_events_a_consumer_filters_out_cost_no_transaction(mongo, broker):
    client, database = mongo
    consumer = EventConsumer(broker, UnitOfWork(client, database, source="/kit-test"), f"kit-{new_id()[-8:]}",
                             RetryPolicy())
    handled: list[str] = []

    async def handle(event: ProposalClosed, attributes, tx):
        handled.append(event.reason)

    consumer.on(ProposalClosed, handle, when=lambda event: event.reason == "fulfilled")
    for reason in ("withdrawn", "fulfilled", "expired"):
        record = encode(ProposalClosed(proposal_id=new_id(), version=1, reason=reason), event_id=new_id(),
                        source="/kit-test")
        headers = {k: v.encode() for k, v in record.headers.items()}
        await consumer.handle_record(record.topic, 0, 0, headers, record.value)
    assert handled == ["fulfilled"]
    assert await client[database]["processed_events"].count_documents({}) == 1  # only the one handled
