"""Benchmarks of the platform's messaging, in one run on this machine, against servers
this script starts itself (the same embedded servers `make run` uses) on free ports in a
temporary directory. It prints figures; it asserts nothing about them.

    .venv/bin/python benchmarks/run.py                 # all figures, defaults (~2-3 min on 2 cores)
    .venv/bin/python benchmarks/run.py --skip-latency  # throughput figures only

1. raw aiokafka throughput on the embedded broker;
2. our pipeline's throughput (unit of work -> outbox -> relay -> Kafka -> idempotent consumer),
   with MongoDB's own write rates beside it for context;
3. latency from a proposal published over HTTP to the matching notification stored,
   through the profiles, proposals and notifications services running as processes;
4. CPU per process of the whole stack left idle (no traffic), as a share of one core.

The idle and latency runs go first: their services are stopped before the throughput runs,
so they neither compete for the CPU nor consume the throughput runs' events.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import time


import idle
import latency
import throughput
from bench_stack import bench_stack
from devstack import LocalStack

LATENCY_SERVICES = ("profiles", "proposals", "notifications")  # profiles first: the others fetch its JWKS


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw-messages", type=int, default=50_000, help="messages for the raw aiokafka run")
    parser.add_argument("--mongo-documents", type=int, default=20_000, help="documents for MongoDB insert_many")
    parser.add_argument("--mongo-transactions", type=int, default=500,
                        help="single-insert transactions for the MongoDB transaction rate")
    parser.add_argument("--pipeline-events", type=int, default=3_000, help="events through the pipeline")
    parser.add_argument("--pipeline-batch", type=int, default=50, help="events per outbox transaction")
    parser.add_argument("--pipeline-writers", type=int, default=1, help="concurrent writing units of work")
    parser.add_argument("--latency-rate", type=float, default=10.0, help="proposals per second")
    parser.add_argument("--latency-seconds", type=float, default=30.0, help="how long to publish at that rate")
    parser.add_argument("--latency-timeout", type=float, default=30.0,
                        help="how long after the last send a notification may still arrive")
    idle.add_arguments(parser)
    parser.add_argument("--skip-latency", action="store_true", help="no latency figure")
    parser.add_argument("--skip-throughput", action="store_true", help="no throughput figures")
    parser.add_argument("--skip-idle", action="store_true", help="no idle CPU figures")
    parser.add_argument("--keep-run-dir", action="store_true", help="keep data and service logs afterwards")
    return parser.parse_args()


def run_latency(stack: LocalStack, args: argparse.Namespace) -> latency.LatencyResult:
    # The services' own OpenTelemetry export goes to the stack's trace sink, as in `make run`.
    stack.start_service(LATENCY_SERVICES[0])
    for name in LATENCY_SERVICES[1:]:
        stack.start_service(name, wait=False)
    for name in LATENCY_SERVICES[1:]:
        stack.wait_healthy(name)
    try:
        return asyncio.run(latency.proposal_to_notification(
            stack.service_url("profiles"), stack.service_url("proposals"), stack.mongo_url,
            rate=args.latency_rate, seconds=args.latency_seconds, timeout=args.latency_timeout))
    finally:
        for name in reversed(LATENCY_SERVICES):
            stack.processes[name].stop()


async def run_throughput(stack: LocalStack, args: argparse.Namespace):
    kafka = await throughput.raw_kafka(stack.kafka_bootstrap, args.raw_messages)
    mongo = await throughput.raw_mongo(stack.mongo_url, args.mongo_documents, args.mongo_transactions)
    pipe = await throughput.pipeline(stack.mongo_url, stack.kafka_bootstrap, stack.redis_url, args.pipeline_events,
                                     args.pipeline_batch, args.pipeline_writers)
    return kafka, mongo, pipe


def number(value: float, unit: str) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}"


def millis(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:,.0f} ms"


def table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) if i != 1 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(kafka, mongo, pipe, lat: latency.LatencyResult | None, idle_result: idle.IdleResult | None,
           args: argparse.Namespace) -> str:
    rows = [("figure", "value", "what")]
    if kafka is not None:
        rows += [
            ("1 raw aiokafka produce", number(kafka.produce_per_s, "msg/s"),
             f"{kafka.messages:,} x {throughput.MESSAGE_BYTES} B, acks=all, idempotent, 1 partition"),
            ("1 raw aiokafka consume", number(kafka.consume_per_s, "msg/s"), "fresh group, whole topic"),
            ("1 raw aiokafka end-to-end", number(kafka.end_to_end_per_s, "msg/s"), "first send -> last received"),
            ("2 pipeline end-to-end", number(pipe.end_to_end_per_s, "events/s"),
             f"{pipe.events:,} ProposalPublished, first write -> last handled"),
            ("2 pipeline outbox writes", number(pipe.outbox_write_per_s, "events/s"),
             f"{pipe.batch} events/transaction, {pipe.writers} writer(s)"),
            ("2 ratio raw / pipeline", f"{kafka.end_to_end_per_s / pipe.end_to_end_per_s:,.0f}x", "end-to-end rates"),
            ("2 MongoDB insert_many", number(mongo.insert_many_per_s, "docs/s"), f"{mongo.documents:,} docs, context"),
            ("2 MongoDB transactions", number(mongo.transactions_per_s, "tx/s"),
             "one insert each, sequential, context"),
        ]
    if lat is not None:
        rows += [
            ("3 proposal -> notification", f"{lat.arrived:,}/{lat.sent:,}",
             f"stored/sent at {args.latency_rate:g}/s for {args.latency_seconds:g}s"),
            ("3 latency p50", millis(lat.p50), "HTTP send -> inbox insert seen"),
            ("3 latency p95", millis(lat.p95), ""),
            ("3 latency p99", millis(lat.p99), ""),
            ("3 latency max", millis(lat.max), ""),
            ("3 never arrived", f"{lat.missing:,}", f"within {args.latency_timeout:g}s after the last send"),
            ("3 failed requests", f"{lat.failed_requests:,}", "non-201 or transport errors"),
        ]
    if idle_result is not None:
        rows += idle.report_rows(idle_result, args.idle_target)
    return table(rows)


def main() -> None:
    args = parse_args()
    kafka = mongo = pipe = lat = idle_result = None
    began = time.perf_counter()
    if not args.skip_idle:
        os.environ.setdefault("POD_SYNC_INTERVAL_SECONDS", idle.NO_SCHEDULED_SYNC)
    with bench_stack("oi-bench-", keep_run_dir=args.keep_run_dir) as stack:
        if not args.skip_idle:
            print(f"4. idle: the whole stack, {args.idle_seconds:g}s without traffic", flush=True)
            idle_result = idle.idle_cpu(stack, args.idle_seconds, args.idle_settle_seconds)
        if not args.skip_latency:
            print(f"3. latency: profiles, proposals, notifications as processes; "
                  f"{args.latency_rate:g} proposals/s for {args.latency_seconds:g}s", flush=True)
            lat = run_latency(stack, args)
        if not args.skip_throughput:
            print("1-2. throughput: raw aiokafka, MongoDB, our pipeline", flush=True)
            kafka, mongo, pipe = asyncio.run(run_throughput(stack, args))
    print(f"\n{report(kafka, mongo, pipe, lat, idle_result, args)}\n\n"
          f"({os.cpu_count()} CPUs, {time.perf_counter() - began:.0f}s in all)")


if __name__ == "__main__":
    main()
