"""Calling something that fails: backoff with full jitter, a circuit breaker and a token
bucket. No I/O of their own; the clock is injectable so tests need no sleeping."""
from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


def full_jitter(attempt: int, base_seconds: float, max_seconds: float) -> float:
    """The delay before retry `attempt` (1-based): uniform in [0, min(max, base * 2^(attempt-1))].
    Full jitter: callers that failed together do not retry together."""
    return random.uniform(0, min(max_seconds, base_seconds * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 5.0

    def delay(self, attempt: int) -> float:
        return full_jitter(attempt, self.backoff_seconds, self.backoff_max_seconds)


class BreakerState(StrEnum):
    CLOSED = "closed"        # calls go through
    OPEN = "open"            # calls fail at once until the cool-down is over
    HALF_OPEN = "half_open"  # one trial call decides: success closes, failure re-opens


class CircuitOpen(Exception):
    def __init__(self, name: str, retry_in: float) -> None:
        super().__init__(f"{name} is failing: circuit open, next try in {retry_in:.1f}s")
        self.retry_in = retry_in


class CircuitBreaker:
    """Opens after `failure_threshold` failures in a row; after `reset_seconds` lets one
    trial call through. Saves a failing dependency (and our callers' time) from calls
    that would fail anyway."""

    def __init__(self, name: str, *, failure_threshold: int = 5, reset_seconds: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self._threshold = failure_threshold
        self._reset_seconds = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self.times_opened = 0

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self._reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go through now."""
        state = self.state
        if state is BreakerState.OPEN or (state is BreakerState.HALF_OPEN and self._trial_running):
            retry_in = max(0.0, self._reset_seconds - (self._clock() - (self._opened_at or 0.0)))
            raise CircuitOpen(self.name, retry_in)
        if state is BreakerState.HALF_OPEN:
            self._trial_running = True

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        trial_failed = self._trial_running
        self._trial_running = False
        if trial_failed or (self._opened_at is None and self._failures >= self._threshold):
            self.times_opened += int(self._opened_at is None)
            self._opened_at = self._clock()  # a failed trial starts a new cool-down


class TokenBucket:
    """At most `rate_per_second` acquisitions per second on average, `burst` at once."""

    def __init__(self, rate_per_second: float, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self._rate = rate_per_second
        self._capacity = float(burst or max(1, int(rate_per_second)))
        self._tokens = self._capacity
        self._clock = clock
        self._updated = clock()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # one waiter at a time keeps the order fair
            while True:
                now = self._clock()
                self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self._rate)
