"""Command line of the bridge: `python -m een_bridge.cli import [--full]`.

Runs one sync with the POD in this process (same settings, database and lease as the
service, so it never overlaps a scheduled run), with a progress bar and a final summary.
The events it causes are committed to the outbox; the bridge service's relay publishes them."""
from __future__ import annotations

import argparse
import asyncio
import sys

from pymongo import AsyncMongoClient
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from een_bridge.adapters.pod_client import PodClient
from een_bridge.adapters.repository import EenBridgeContext, ensure_indexes
from een_bridge.domain.sync import RunStatus, SyncMode, SyncRun
from een_bridge.entrypoints.app import EenBridgeSettings, pod_sync
from een_bridge.service_layer.sync import SyncBusy
from servicekit.outbox import pending_count
from servicekit.unit_of_work import UnitOfWork, ensure_plumbing_indexes


def summary(run: SyncRun, queued_events: int) -> Table:
    table = Table(title=f"Sync run {run.id} ({run.mode.value}): {run.status.value}", show_header=False)
    c = run.counts
    for label, value in (("created", c.created), ("updated", c.updated), ("closed", c.closed),
                         ("unchanged", c.unchanged), ("quarantined", c.quarantined),
                         ("own exports skipped", c.skipped_own), ("pages", c.pages),
                         ("resumed after a crash", run.resumed), ("events waiting in the outbox", queued_events)):
        table.add_row(label, str(value))
    for error in run.errors[-10:]:
        table.add_row("error", error)
    return table


async def import_profiles(mode: SyncMode, console: Console) -> int:
    settings = EenBridgeSettings()
    if not settings.pod_base_url:
        console.print("[red]POD_BASE_URL is not set: no POD to import from.[/red]")
        return 2
    mongo = AsyncMongoClient(settings.mongo_url, tz_aware=True, uuidRepresentation="standard")
    db = mongo[settings.database_name]
    pod = PodClient(settings.pod_settings())
    try:
        await ensure_plumbing_indexes(db)
        await ensure_indexes(db)
        uow = UnitOfWork(mongo, settings.database_name, source=f"/{settings.service_name}", context=EenBridgeContext)
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task(f"{mode.value} import", total=None, counts="")

            def show(run: SyncRun) -> None:
                c = run.counts
                done = run.pod_total if run.exhausted and run.pod_total is not None else c.seen
                progress.update(task, total=run.pod_total, completed=done,
                                counts=f"+{c.created} ~{c.updated} x{c.closed} !{c.quarantined}")

            try:
                run = await pod_sync(db, uow, pod, settings).run(mode, show)
            except SyncBusy as exc:
                console.print(f"[yellow]{exc}[/yellow] Try again when it is done (GET /api/een/status).")
                return 3
        console.print(summary(run, await pending_count(db)))
        return 0 if run.status is RunStatus.COMPLETED else 1
    finally:
        await pod.aclose()
        await mongo.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="een_bridge.cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import POD profiles now")
    importing.add_argument("--full", action="store_true",
                           help="the whole POD, not only what changed since the last checkpoint")
    args = parser.parse_args(argv)
    mode = SyncMode.FULL if args.full else SyncMode.INCREMENTAL
    return asyncio.run(import_profiles(mode, Console()))


if __name__ == "__main__":
    sys.exit(main())
