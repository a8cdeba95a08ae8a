"""Fault switches: the ways a remote partner database lets a sync down, on demand, so the
een-bridge's retries, parsers and cursor can be tested against each of them.

All apply to partner calls only, never to the control API:
- status_burst {count, status}: the next `count` calls answer `status` with a text body.
- delay {count, seconds}: the next `count` calls wait `seconds` first.
- truncate_next N / malformed_next N / xml_bomb_next N: the next N XML list responses (GET
  /profiles, GET /interests) come back cut in half / with a mismatched closing tag / as a
  small "billion laughs" document; all still 200. At most one per response, in that order:
  bomb, then malformed, then truncated.
- duplicate_pages: list calls for a page p > 1 alternate between page p-1's content (first
  time a given request is made) and the right page (when it is repeated), so a client reading
  pages in order sees a page twice; the response still says page="p".
- rate_limit_per_second N: a token bucket per credential (burst N); above it 429 + Retry-After.
Resetting returns to the start-up state: no faults, the start-up rate limit (if any).
"""
from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import PodError

_LAUGHS = 10  # entity levels, each expanding the previous one ten times: 10^9 "lol"s from ~1 KB


def billion_laughs(body: bytes, root: str) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, _LAUGHS)]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [\n  ' + "\n  ".join(entities)
            + f'\n]>\n<{root} page="1" pageSize="100" total="1">&lol{_LAUGHS - 1};</{root}>\n').encode()


def mismatch_a_closing_tag(body: bytes, root: str) -> bytes:
    """The first closing tag from the middle on (else the last one) renamed: no longer well-formed."""
    at = body.find(b"</", len(body) // 2)
    at = at if at >= 0 else body.rfind(b"</")
    return body[:at] + b"</broken-" + body[at + 2:]


def truncate(body: bytes, root: str) -> bytes:
    return body[:len(body) // 2]


# The body faults, in precedence order: at most one spoils a response.
SPOILERS = {"xml_bomb_next": billion_laughs, "malformed_next": mismatch_a_closing_tag, "truncate_next": truncate}


@dataclass
class TokenBuckets:
    """One bucket per credential, `rate` tokens a second, holding at most `rate`."""
    rate: float
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # credential -> (tokens, at)

    def take(self, credential: str) -> float:
        """0 if a call may go ahead now, else the seconds until it may."""
        now = time.monotonic()
        tokens, at = self._buckets.get(credential, (self.rate, now))
        tokens = min(self.rate, tokens + (now - at) * self.rate)
        if tokens >= 1:
            self._buckets[credential] = (tokens - 1, now)
            return 0.0
        self._buckets[credential] = (tokens, now)
        return (1 - tokens) / self.rate


def _count(spec: Mapping, name: str) -> int:
    value = spec.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PodError(400, f"{name}: expected a count >= 0.")
    return value


def _number(spec: Mapping, name: str, low: float, high: float) -> float:
    value = spec.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise PodError(400, f"{name}: expected a number from {low} to {high}.")
    return float(value)


def _object(spec: Mapping, name: str) -> Mapping:
    value = spec[name]
    if not isinstance(value, Mapping):
        raise PodError(400, f"{name}: expected an object.")
    return value


class Faults:
    def __init__(self, *, rate_limit_per_second: float | None = None) -> None:
        self._start_up_rate = rate_limit_per_second
        self.reset()

    def reset(self) -> None:
        self.burst_count, self.burst_status = 0, 503
        self.delay_count, self.delay_seconds = 0, 0.0
        self.body_faults = dict.fromkeys(SPOILERS, 0)
        self.duplicate_pages = False
        self._served_stale: set = set()
        self.buckets = TokenBuckets(self._start_up_rate) if self._start_up_rate else None

    def configure(self, spec: object) -> None:
        """Arm the switches named in `spec` (see the module docstring); others stay as they are."""
        if not isinstance(spec, Mapping):
            raise PodError(400, "Expected a JSON object of fault switches.")
        unknown = set(spec) - {"status_burst", "delay", "duplicate_pages", "rate_limit_per_second", *SPOILERS}
        if unknown:
            raise PodError(400, f"Unknown fault switch(es): {', '.join(sorted(unknown))}.")
        if "status_burst" in spec:
            burst = _object(spec, "status_burst")
            self.burst_count, self.burst_status = _count(burst, "count"), int(_number(burst, "status", 400, 599))
        if "delay" in spec:
            delay = _object(spec, "delay")
            self.delay_count, self.delay_seconds = _count(delay, "count"), _number(delay, "seconds", 0, 300)
        for name in SPOILERS.keys() & spec.keys():
            self.body_faults[name] = _count(spec, name)
        if "duplicate_pages" in spec:
            if not isinstance(spec["duplicate_pages"], bool):
                raise PodError(400, "duplicate_pages: expected true or false.")
            self.duplicate_pages = spec["duplicate_pages"]
            self._served_stale.clear()
        if "rate_limit_per_second" in spec:
            rate = spec["rate_limit_per_second"]
            self.buckets = TokenBuckets(_number(spec, "rate_limit_per_second", 0.001, 1e6)) if rate else None

    def state(self) -> dict:
        return {"status_burst": {"count": self.burst_count, "status": self.burst_status},
                "delay": {"count": self.delay_count, "seconds": self.delay_seconds}, **self.body_faults,
                "duplicate_pages": self.duplicate_pages,
                "rate_limit_per_second": self.buckets.rate if self.buckets else None}

    async def before_call(self) -> None:
        """Delay, then a burst status: both hit a call before the POD even looks at it."""
        if self.delay_count:
            self.delay_count -= 1
            await asyncio.sleep(self.delay_seconds)
        if self.burst_count:
            self.burst_count -= 1
            raise PodError(self.burst_status, f"Simulated failure ({self.burst_status}).")

    def admit(self, credential: str) -> None:
        wait = self.buckets.take(credential) if self.buckets else 0
        if wait:
            raise PodError(429, "Too many requests.", {"Retry-After": str(max(1, math.ceil(wait)))})

    def serve_stale(self, request_key: object) -> bool:
        """With duplicate_pages: True the first time a request is made, False when it is repeated."""
        if not self.duplicate_pages:
            return False
        if request_key in self._served_stale:
            self._served_stale.discard(request_key)
            return False
        self._served_stale.add(request_key)
        return True

    def spoil_list(self, body: bytes, root: str) -> bytes:
        """An XML list body as the next armed body fault leaves it."""
        for name, count in self.body_faults.items():
            if count:
                self.body_faults[name] -= 1
                return SPOILERS[name](body, root)
        return body
