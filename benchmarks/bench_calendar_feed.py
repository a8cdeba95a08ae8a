"""Personal calendar feed generation: the time to answer GET /calendar/feed/{token}.ics for a
member of 50 communities (each with its events), next to what it is built from, measured in
the same run on the same servers. It prints figures; it asserts nothing.

    .venv/bin/python benchmarks/bench_calendar_feed.py                          # 50 communities × 10 events
    .venv/bin/python benchmarks/bench_calendar_feed.py --communities 20 --events 5 --requests 20

What runs: the embedded servers (deploy/local/devstack.py, as `make run`) and the communities
app under uvicorn on a free port in a thread of this process (its real lifespan), with a test
token issuer. The member owns the communities (active memberships) and registers for some
platform-wide events. Three rows, each over the same feed:

- *raw MongoDB find*: the feed's events fetched with one `find` on community_id (the floor
  of any feed: no memberships, no access check, no iCalendar);
- *iCalendar, cold / cached*: the same events written as RFC 5545 by `entrypoints/ics.py`
  (no I/O), every VEVENT written anew, then with the VEVENTs it keeps per revision;
- *API feed* (and *cold*: its VEVENT cache emptied first): the whole request: token hash lookup, memberships and access evaluated at
  request time, events and registrations, iCalendar, HTTP.

The ratio says how many raw finds one feed request costs.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from bench_documents_upload import free_port, served
from bench_stack import bench_stack
from communities.adapters.calendar import event_from_doc
from communities.entrypoints import ics
from communities.entrypoints.app import CommunitiesSettings, create_app
from pymongo import AsyncMongoClient
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR, TokenVerifier
from servicekit.ids import new_id

from tests.support.tokens import TestIssuer

DATABASE = "bench_calendar"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communities", type=int, default=50, help="communities the member belongs to")
    parser.add_argument("--events", type=int, default=10, help="events in each community")
    parser.add_argument("--platform-events", type=int, default=10, help="platform events the member registers for")
    parser.add_argument("--requests", type=int, default=50, help="measured requests per row")
    parser.add_argument("--keep-run-dir", action="store_true", help="keep data and logs afterwards")
    return parser.parse_args()


def event_body(i: int) -> dict:
    starts = (datetime.now(UTC) + timedelta(days=1 + i % 90, hours=i % 7)).replace(microsecond=0)
    return {"title": f"Workshop {i}: robots, drones; AI", "description": "Agenda: **talks**, demos.\nBring a badge.",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "time_zone": "Europe/Rome" if i % 5 else "Europe/London", "place": "Turin, Via Roma 1", "capacity": 100}


async def seed(client: httpx.AsyncClient, issuer: TestIssuer, args) -> tuple[str, list[str]]:
    member = new_id()
    headers = issuer.headers(member)
    operator = issuer.headers("bench-operator", [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])
    ids = []
    for c in range(args.communities):
        made = await client.post("/communities", json={
            "name": f"Bench calendar {c} {new_id()[-8:]}", "description": "bench",
            "visibility": ("public", "private", "closed")[c % 3], "descriptors": ["s3:aerospace"]}, headers=headers)
        made.raise_for_status()
        ids.append(made.json()["id"])
    sem = asyncio.Semaphore(16)

    async def post(path: str, body: dict, h: dict) -> dict:
        async with sem:
            response = await client.post(path, json=body, headers=h)
            response.raise_for_status()
            return response.json()

    await asyncio.gather(*(post(f"/communities/{cid}/events", event_body(i), headers)
                           for cid in ids for i in range(args.events)))
    platform = await asyncio.gather(*(post("/events", event_body(i), operator) for i in range(args.platform_events)))
    for e in platform:
        (await client.post(f"/events/{e['id']}/registration", headers=headers)).raise_for_status()
    token_url = (await post("/calendar/feed-token", {}, headers))["url"]
    return "/calendar/" + token_url.split("/calendar/", 1)[1], ids


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


async def measure(stack, base: str, issuer: TestIssuer, args) -> tuple[list[tuple[str, float, float]], int, int]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        path, community_ids = await seed(client, issuer, args)
        feed = await client.get(path)
        feed.raise_for_status()
        size, count = len(feed.content), feed.content.count(b"BEGIN:VEVENT")

        mongo = AsyncMongoClient(stack.mongo_url, tz_aware=True)
        events = mongo[f"{DATABASE}_api"]["events"]
        raw, cold, warm, api, api_cold = [], [], [], [], []
        for _ in range(args.requests):
            started = time.perf_counter()
            docs = await events.find({"community_id": {"$in": community_ids}}).to_list()
            raw.append(time.perf_counter() - started)
            started = time.perf_counter()
            (await client.get(path)).raise_for_status()
            api.append(time.perf_counter() - started)
        parsed = [event_from_doc(d) for d in docs]
        for _ in range(args.requests):
            # The app runs in this process: clearing the cache makes its next feed cold too.
            ics._vevent_ical.cache_clear()
            started = time.perf_counter()
            ics.calendar_of(parsed, name="bench")
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            ics.calendar_of(parsed, name="bench")
            warm.append(time.perf_counter() - started)
            ics._vevent_ical.cache_clear()
            started = time.perf_counter()
            (await client.get(path)).raise_for_status()
            api_cold.append(time.perf_counter() - started)
        await mongo.close()
    return [("raw MongoDB find", *summary(raw)), ("iCalendar, cold", *summary(cold)),
            ("iCalendar, cached", *summary(warm)), ("API feed, cold", *summary(api_cold)),
            ("API feed", *summary(api))], size, count


def main() -> None:
    args = parse_args()
    with bench_stack("oi-bench-calendar-", keep_run_dir=args.keep_run_dir) as stack:
        settings = CommunitiesSettings(mongo_url=stack.mongo_url, mongo_db=f"{DATABASE}_api",
                                       kafka_bootstrap_servers=stack.kafka_bootstrap, redis_url=stack.redis_url,
                                       periodic_interval_seconds=3600)
        app = create_app(settings)
        issuer = TestIssuer()
        app.state.runtime.provide(TokenVerifier, issuer.verifier())
        with served(app, free_port()) as base:
            print(f"a member of {args.communities} communities × {args.events} events, registered for "
                  f"{args.platform_events} platform events; {args.requests} requests per row", flush=True)
            rows, size, count = asyncio.run(measure(stack, base, issuer, args))
    print()
    print(f"feed: {count} events, {size / 1024:.0f} KiB")
    print(f"{'':<18} {'median ms':>10} {'p95 ms':>8} {'vs raw':>8}")
    floor = rows[0][1]
    for name, median, p95 in rows:
        print(f"{name:<18} {median:>10.2f} {p95:>8.2f} {median / floor:>8.1f}")


if __name__ == "__main__":
    main()
