"""servicekit.resilience: backoff, circuit breaker and token bucket, on a fake clock."""
from __future__ import annotations

import time

import pytest

from servicekit.resilience import BreakerState, CircuitBreaker, CircuitOpen, RetryPolicy, TokenBucket, full_jitter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_full_jitter_grows_exponentially_and_is_capped():
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 8.0), (20, 8.0)):
        delays = [full_jitter(attempt, 0.5, 8.0) for _ in range(300)]
        assert all(0 <= d <= ceiling for d in delays) and max(delays) > ceiling * 0.7
    assert RetryPolicy(3, 0.1, 1.0).delay(1) <= 0.1


def test_breaker_opens_after_consecutive_failures_and_a_trial_closes_it():
    clock = Clock()
    breaker = CircuitBreaker("POD", failure_threshold=3, reset_seconds=10, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    breaker.record_success()  # a success in between resets the count
    for _ in range(3):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and breaker.times_opened == 1
    with pytest.raises(CircuitOpen) as refused:
        breaker.before_call()
    assert 9.9 <= refused.value.retry_in <= 10
    clock.now += 10
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.before_call()  # the one trial call
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # no second call while the trial runs
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED and breaker.consecutive_failures == 0


def test_a_failed_trial_reopens_for_a_new_cool_down():
    clock = Clock()
    breaker = CircuitBreaker("POD", failure_threshold=1, reset_seconds=5, clock=clock)
    breaker.before_call()
    breaker.record_failure()
    clock.now += 5
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and breaker.times_opened == 1
    clock.now += 4.9
    assert breaker.state is BreakerState.OPEN
    clock.now += 0.1
    assert breaker.state is BreakerState.HALF_OPEN


async def test_token_bucket_spaces_calls_to_the_rate():
    bucket = TokenBucket(rate_per_second=50, burst=5)
    started = time.monotonic()
    for _ in range(30):
        await bucket.acquire()
    elapsed = time.monotonic() - started
    assert elapsed >= (30 - 5) / 50 * 0.9  # the burst goes at once, the rest at 50/s
