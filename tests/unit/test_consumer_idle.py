"""The consumer's idle back-off, on a fake clock: a broker that answers empty fetches at once
is asked rarely while nothing happens, a broker that holds fetches (Apache Kafka) is never
paused, and a record is fetched soon after it arrives either way."""
from __future__ import annotations

import asyncio

import pytest
from aiokafka.structs import TopicPartition

from servicekit.consumer import IdleBackoff, IdleFetchGovernor


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


class SimulatedConsumer:
    """What the governor uses of aiokafka's consumer, over a simulated broker and fetcher:
    while not paused, a fetch is always in flight (the next one is sent as the last is
    answered). A broker with `hold` > 0 keeps a fetch that finds nothing that long and answers
    at once when a record arrives (Kafka's long poll); `hold` = 0 answers after `rtt`, empty."""

    def __init__(self, clock: FakeClock, *, hold: float, rtt: float = 0.0003, partitions: int = 6) -> None:
        self.clock, self.hold, self.rtt = clock, hold, rtt
        self.partitions = {TopicPartition(f"topic-{i % 2}", i // 2) for i in range(partitions)}
        self.sent_at: float | None = 0.0  # the fetch in flight was sent then; None while paused
        self.answers: list[float] = []
        self.fetching_seconds = 0.0
        self.record_at: float | None = None
        self.fetched_at: float | None = None
        self.lagging = False  # records fetched and not yet handled

    def produce(self, at: float) -> None:
        self.record_at, self.fetched_at = at, None

    def _advance(self) -> None:
        while self.sent_at is not None:
            sent = self.sent_at
            waiting_record = self.record_at is not None and self.fetched_at is None
            if self.hold and waiting_record and self.record_at >= sent:
                due = min(sent + self.hold, self.record_at)  # the held fetch is answered when the record lands
            else:
                due = sent + (self.hold or self.rtt)
            if due > self.clock.now:
                return
            self.answers.append(due)
            self.fetching_seconds += due - sent
            if waiting_record and self.record_at <= (due if self.hold else sent):
                self.fetched_at = due
            self.sent_at = due

    # -- the consumer API the governor uses ------------------------------------------------
    def assignment(self) -> set[TopicPartition]:
        return set(self.partitions)

    def pause(self, *partitions: TopicPartition) -> None:
        self._advance()
        if self.sent_at is not None:
            self.fetching_seconds += self.clock.now - self.sent_at
        self.sent_at = None  # the fetch in flight is let go: its answer would be dropped

    def resume(self, *partitions: TopicPartition) -> None:
        self._advance()
        if self.sent_at is None:
            self.sent_at = self.clock.now

    def last_poll_timestamp(self, tp: TopicPartition) -> int | None:
        self._advance()
        return int(self.answers[-1] * 1000) if self.answers else None

    def highwater(self, tp: TopicPartition) -> int | None:
        self._advance()
        return 10 if self.answers else None

    async def position(self, tp: TopicPartition) -> int:
        return 9 if self.lagging else 10


def govern(clock: FakeClock, consumer: SimulatedConsumer, until: float,
           backoff: IdleBackoff | None = None) -> IdleFetchGovernor:
    governor = IdleFetchGovernor(lambda: consumer if clock.now < until else None, backoff or IdleBackoff(),
                                 at_once_seconds=0.05, sleep=clock.sleep, now_ms=lambda: int(clock.now * 1000))
    asyncio.run(governor.run())
    consumer.pause()  # settle the books at the end
    return governor


def test_backoff_grows_while_idle_and_starts_over_when_records_come():
    backoff = IdleBackoff(first=0.01, longest=0.1, factor=2)
    assert [backoff.pause_after(caught_up=True, answered_at_once=True) for _ in range(6)] == \
        pytest.approx([0.01, 0.02, 0.04, 0.08, 0.1, 0.1])
    assert backoff.pause_after(caught_up=False, answered_at_once=True) == 0  # records to read: keep fetching
    assert backoff.pause_after(caught_up=True, answered_at_once=True) == pytest.approx(0.01)


def test_backoff_never_pauses_a_fetch_the_broker_holds():
    backoff = IdleBackoff()
    assert all(backoff.pause_after(caught_up=True, answered_at_once=False) == 0 for _ in range(100))


def test_a_broker_answering_empty_fetches_at_once_is_asked_rarely_while_idle():
    clock = FakeClock()
    consumer = SimulatedConsumer(clock, hold=0)
    govern(clock, consumer, until=60)
    ungoverned = 60 / consumer.rtt  # 200,000 fetches a minute, the spin the governor stops
    assert 0 < len(consumer.answers) < 60 * 15, "about one fetch per pause of up to 0.15 s"
    assert len(consumer.answers) < ungoverned / 100
    assert consumer.fetching_seconds / 60 < 0.05, "the consumer is paused most of the quiet minute"


def test_a_broker_that_holds_fetches_like_kafka_is_never_paused():
    clock = FakeClock()
    consumer = SimulatedConsumer(clock, hold=0.5)  # fetch.max.wait.ms = 500
    governor = govern(clock, consumer, until=60)
    assert governor.pauses == 0
    assert len(consumer.answers) == pytest.approx(60 / 0.5, abs=1)


@pytest.mark.parametrize("hold, longest_wait", [(0.5, 0.0), (0, IdleBackoff().longest + 0.002 + 0.001)])
def test_a_record_is_fetched_soon_after_it_arrives(hold, longest_wait):
    """Held fetch: at once (no added latency on Kafka). Answered at once: within the longest
    pause and a probe."""
    for arrival in (5.0, 17.3331, 29.99, 42.0421):
        clock = FakeClock()
        consumer = SimulatedConsumer(clock, hold=hold)
        consumer.produce(at=arrival)
        govern(clock, consumer, until=arrival + 1)
        assert consumer.fetched_at is not None
        assert consumer.fetched_at - arrival <= longest_wait + 1e-9


def test_a_consumer_with_records_to_handle_keeps_fetching():
    clock = FakeClock()
    consumer = SimulatedConsumer(clock, hold=0)
    consumer.lagging = True
    governor = govern(clock, consumer, until=5)
    assert governor.pauses == 0
