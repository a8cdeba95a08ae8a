"""Latency from a proposal being published (HTTP request sent to the proposals service)
to the matching notification being stored by the notifications service, through the
real services running as processes: proposals' outbox and relay, Kafka, and the
notifications consumer.

Arrivals are observed with a MongoDB change stream on `notifications.inbox`, opened
before the first proposal is sent, so the figure is "stored", not "seen by a poller".
"""
from __future__ import annotations

import asyncio
import contextlib
import math
import time
from dataclasses import dataclass

import httpx
from pymongo import AsyncMongoClient

from servicekit.ids import new_id

PASSWORD = "benchmark password 1"
INTEREST = "s3:aerospace"
NOTIFICATIONS_DB, INBOX = "notifications", "inbox"  # the notifications service's stored inbox


@dataclass(frozen=True)
class LatencyResult:
    sent: int
    failed_requests: int
    arrived: int
    missing: int
    p50: float
    p95: float
    p99: float
    max: float


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


class Member:
    def __init__(self, client: httpx.AsyncClient, name: str) -> None:
        self.client, self.name = client, name
        self.email = f"{name.lower()}.{new_id()[-12:]}@bench.example.org"
        self.user_id = ""
        self.auth: dict[str, str] = {}

    async def register(self) -> Member:
        registered = await self.client.post("/users", json={"email": self.email, "password": PASSWORD,
                                                              "display_name": self.name})
        registered.raise_for_status()
        self.user_id = registered.json()["user_id"]
        signed_in = await self.client.post("/sessions", json={"email": self.email, "password": PASSWORD})
        signed_in.raise_for_status()
        self.auth = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        return self

    async def set_interests(self, interests: list[str]) -> None:
        me = await self.client.get("/me", headers=self.auth)
        me.raise_for_status()
        updated = await self.client.put("/me/profile", headers={**self.auth, "If-Match": me.headers["etag"]},
                                        json={"display_name": self.name, "interests": interests, "competences": []})
        updated.raise_for_status()


class InboxWatch:
    """Arrival times (perf_counter) of a member's stored notifications, by subject id."""

    def __init__(self, client: AsyncMongoClient, user_id: str) -> None:
        self._collection = client[NOTIFICATIONS_DB][INBOX]
        self._user_id = user_id
        self.arrivals: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> InboxWatch:
        stream = await self._collection.watch([{"$match": {"operationType": "insert",
                                                           "fullDocument.user_id": self._user_id}}])
        self._task = asyncio.create_task(self._follow(stream))
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _follow(self, stream) -> None:
        try:
            async for change in stream:
                arrived = time.perf_counter()
                self.arrivals.setdefault(change["fullDocument"]["subject_id"], arrived)
                self._changed.set()
        finally:
            await stream.close()

    async def wait_for(self, subject_ids: set[str], timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while not subject_ids <= self.arrivals.keys():
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=remaining)
        return True


def proposal_body(title: str) -> dict:
    return {"kind": "technology_offer", "title": title,
            "summary": "A lightweight composite structure looking for an industrial partner.",
            "descriptors": [INTEREST]}


async def proposal_to_notification(profiles_url: str, proposals_url: str, mongo_url: str, *, rate: float,
                                   seconds: float, timeout: float, ready_timeout: float = 90) -> LatencyResult:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with (httpx.AsyncClient(base_url=profiles_url, timeout=30) as profiles,
                httpx.AsyncClient(base_url=proposals_url, timeout=30, limits=limits) as proposals):
        publisher = await Member(profiles, "Publisher").register()
        subscriber = await Member(profiles, "Subscriber").register()
        await subscriber.set_interests([INTEREST])

        mongo = AsyncMongoClient(mongo_url, tz_aware=True)
        try:
            async with InboxWatch(mongo, subscriber.user_id) as inbox:
                await _wait_until_ready(proposals, publisher, inbox, ready_timeout)
                sent, failed = await _publish_steadily(proposals, publisher, rate, seconds)
                await inbox.wait_for(set(sent), timeout)
                arrivals = dict(inbox.arrivals)
        finally:
            await mongo.close()

    latencies = sorted(arrivals[pid] - at for pid, at in sent.items() if pid in arrivals)
    return LatencyResult(sent=len(sent) + failed, failed_requests=failed, arrived=len(latencies),
                         missing=len(sent) - len(latencies), p50=percentile(latencies, 50),
                         p95=percentile(latencies, 95), p99=percentile(latencies, 99),
                         max=latencies[-1] if latencies else math.nan)


async def _wait_until_ready(proposals: httpx.AsyncClient, publisher: Member, inbox: InboxWatch,
                            timeout: float) -> None:
    """Probe until a proposal reaches the subscriber: the notifications service has then
    recorded the subscriber's interests and every consumer group has joined."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        probe = await proposals.post("/proposals", headers=publisher.auth, json=proposal_body("Readiness probe"))
        probe.raise_for_status()
        if await inbox.wait_for({probe.json()["id"]}, timeout=3):
            return
    raise TimeoutError(f"no probe proposal reached the subscriber's inbox within {timeout:.0f}s")


async def _publish_steadily(proposals: httpx.AsyncClient, publisher: Member, rate: float,
                            seconds: float) -> tuple[dict[str, float], int]:
    """Open loop: proposal i is sent at start + i/rate whatever the earlier responses do,
    so a slow system shows up as latency instead of as a lower offered rate."""
    sent: dict[str, float] = {}
    failed = 0

    async def send(n: int) -> None:
        nonlocal failed
        at = time.perf_counter()
        try:
            response = await proposals.post("/proposals", headers=publisher.auth,
                                            json=proposal_body(f"Benchmark proposal {n}"))
        except httpx.HTTPError:
            failed += 1
            return
        if response.status_code != 201:
            failed += 1
            return
        sent[response.json()["id"]] = at

    count = max(1, round(rate * seconds))
    start = time.perf_counter()
    tasks = []
    for n in range(count):
        await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(send(n)))
    await asyncio.gather(*tasks)
    return sent, failed
