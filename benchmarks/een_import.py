"""EEN import benchmark: the time to import N POD profiles end to end, from an empty
platform until every published one is a proposal, next to the time MongoDB takes to
insert_many the same number of raw documents. It prints figures; it asserts nothing.

    .venv/bin/python benchmarks/een_import.py                    # 20,000 profiles (~2-4 min on 2 cores)
    .venv/bin/python benchmarks/een_import.py --profiles 2000    # a quick look

What runs: the embedded servers, the simulated POD (deploy/local/podsim) holding N generated
profiles, the proposals and een-bridge services as processes (the bridge's outbox relay
publishes), and `python -m een_bridge.cli import --full` in a process of its own (the POD
read page by page over HTTP, XML parsed, profiles mapped and stored with their events, one
transaction per page). End to end = CLI start -> the proposals database holds one EEN
proposal per published profile.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from bench_stack import bench_stack  # noqa: E402
from podsim import generate_profiles  # noqa: E402
from pymongo import MongoClient  # noqa: E402

SEED = 2026


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=20_000, help="profiles in the simulated POD")
    parser.add_argument("--page-size", type=int, default=200, help="profiles per POD page (and per transaction)")
    parser.add_argument("--timeout", type=float, default=1800, help="give up after this many seconds")
    parser.add_argument("--keep-run-dir", action="store_true", help="keep data and service logs afterwards")
    return parser.parse_args()


def raw_insert_seconds(mongo: MongoClient, profiles: list[dict], batch: int = 500) -> float:
    """insert_many of the generated profiles themselves: the same count, the same size."""
    collection = mongo["bench_raw"]["profiles"]
    started = time.perf_counter()
    for offset in range(0, len(profiles), batch):
        collection.insert_many([dict(p) for p in profiles[offset:offset + batch]])
    elapsed = time.perf_counter() - started
    mongo.drop_database("bench_raw")
    return elapsed


def wait(predicate, timeout: float, interval: float = 0.2) -> float:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the import did not finish in time")
        time.sleep(interval)
    return time.perf_counter()


def main() -> None:
    args = parse_args()
    os.environ.update({"POD_SYNC_INTERVAL_SECONDS": "36000", "POD_PAGE_SIZE": str(args.page_size)})
    with bench_stack("oi-een-bench-", keep_run_dir=args.keep_run_dir) as stack:
        print(f"a simulated POD of {args.profiles:,} profiles; profiles, proposals and een-bridge services", flush=True)
        username, password = stack.start_pod(profiles=args.profiles, malformed=0, seed=SEED)
        for name in ("profiles", "proposals", "een-bridge"):
            stack.start_service(name)
        generating = time.perf_counter()
        profiles = generate_profiles(args.profiles, seed=SEED)  # what the POD holds (the same seed)
        print(f"generating {args.profiles:,} POD profiles took {time.perf_counter() - generating:.2f} s", flush=True)
        published = sum(p["status"] == "published" for p in profiles)
        mongo = MongoClient(stack.mongo_url, tz_aware=True)
        een_proposals = mongo["proposals"]["proposals"]

        env = {**os.environ, "MONGO_URL": stack.mongo_url, "MONGO_DB": "een_bridge", "POD_BASE_URL": stack.pod_url,
               "POD_USERNAME": username, "POD_PASSWORD": password, "OTEL_TRACES_EXPORTER": "none"}
        print(f"importing ({published:,} published, {args.profiles - published:,} expired or withdrawn)", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "een_bridge.cli", "import", "--full"], env=env, check=True, cwd=ROOT)
        bridge_done = time.perf_counter()
        done = wait(lambda: een_proposals.count_documents({"source": "een"}) >= published, args.timeout)
        raw = raw_insert_seconds(mongo, profiles)

    total = done - started
    rows = [
        ("POD profiles imported end to end", f"{args.profiles:,}", f"{total:.1f} s ({args.profiles / total:,.0f}/s)"),
        ("  of which: bridge import (POD -> offers + outbox)", "", f"{bridge_done - started:.1f} s"),
        ("  of which: events -> proposals after the import", "", f"{done - bridge_done:.1f} s"),
        ("raw insert_many of as many documents", f"{args.profiles:,}", f"{raw:.2f} s ({args.profiles / raw:,.0f}/s)"),
        ("ratio end to end / raw insert_many", "", f"{total / raw:.0f}x"),
    ]
    width = max(len(r[0]) for r in rows)
    print("\n" + "\n".join(f"{a:<{width}}  {b:>8}  {c}" for a, b, c in rows))
    print(f"\n(page size {args.page_size}, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
