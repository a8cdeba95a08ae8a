"""Importing from the POD: a sync run reads the POD's list page by page and, for each page,
in one transaction stores the offers, queues their events, quarantines what cannot be taken
and saves the run's cursor. A killed run therefore resumes exactly after its last page, and
replaying a page changes nothing (offers are idempotent by reference and content hash).

One run at a time across all replicas (and the command line): a lease in MongoDB."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from dataclasses import asdict
from typing import Protocol

from opentelemetry import trace

from een_bridge.adapters.pod_client import PodUnavailable
from een_bridge.adapters.pod_wire import PodEntry, PodPage, UnreadableDocument
from een_bridge.adapters.repository import ExportRepository, QuarantineRepository, SyncRepository
from een_bridge.domain.model import Quarantined, outcome_of
from een_bridge.domain.sync import SyncCheckpoint, SyncCounts, SyncMode, SyncRun
from een_bridge.service_layer.handlers import ingest_profiles
from servicekit.ids import new_id
from servicekit.lease import MongoLease
from servicekit.telemetry import meter, record_error
from servicekit.unit_of_work import Transaction, UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
_meter = meter("een_bridge.sync")
profiles_synced = _meter.create_counter("een.sync.profiles", description="POD profiles handled, by outcome")
run_duration = _meter.create_histogram("een.sync.run.duration", unit="s", description="Sync runs, by mode and status")

Progress = Callable[[SyncRun], None]


class SyncBusy(Exception):
    """Another sync run holds the lease."""


class ProfileSource(Protocol):
    async def list_profiles(self, *, modified_since: datetime | None, page: int, page_size: int) -> PodPage: ...


def _now() -> datetime:
    return datetime.now(UTC)


class PodSync:
    def __init__(self, uow: UnitOfWork, pod: ProfileSource, lease: MongoLease, *, page_size: int = 100) -> None:
        self._uow = uow
        self._pod = pod
        self._lease = lease
        self._page_size = page_size
        self._active = False  # the lease is per process: it cannot tell our own runs apart

    async def start(self, mode: SyncMode, progress: Progress | None = None) -> tuple[SyncRun, asyncio.Task[SyncRun]]:
        """Take the lease, open the run (or take up one that was killed) and drive it in the
        background; SyncBusy when another run is going on."""
        if self._active or not await self._lease.hold():
            raise SyncBusy("A sync run is going on already.")
        self._active = True
        heartbeat = self._lease.keep_alive()
        try:
            run = await self._uow.run(lambda tx: self._open(tx, mode))
        except BaseException:
            await self._let_go(heartbeat)
            raise
        return run, asyncio.create_task(self._drive(run, heartbeat, progress), name=f"een-sync-{run.id}")

    async def _let_go(self, heartbeat: asyncio.Task) -> None:
        heartbeat.cancel()
        self._active = False
        await self._lease.release()

    async def has_unfinished_run(self) -> bool:
        return await self._uow.run(lambda tx: SyncRepository(tx).unfinished()) is not None

    async def run(self, mode: SyncMode, progress: Progress | None = None) -> SyncRun:
        _, task = await self.start(mode, progress)
        return await task

    async def _open(self, tx: Transaction, mode: SyncMode) -> SyncRun:
        runs = SyncRepository(tx)
        unfinished = await runs.unfinished()
        if unfinished is not None:  # its process died: the lease had expired, so it is ours now
            log.warning("resuming sync run %s after page %s", unfinished.id, unfinished.counts.pages)
            run = unfinished.resume()
        else:
            run = SyncRun.start(new_id(), mode, (await runs.checkpoint()).cursor)
        await runs.save(run)
        return run

    async def _drive(self, run: SyncRun, heartbeat: asyncio.Task, progress: Progress | None) -> SyncRun:
        started = time.perf_counter()
        with tracer.start_as_current_span("een.sync.run", attributes={"een.sync.run_id": run.id,
                                                                      "een.sync.mode": run.mode.value}) as span:
            try:
                while not run.finished:
                    run = await self._next_page(run)
                    if progress is not None:
                        progress(run)
            except Exception as exc:  # a bug or the database away: the run stops, resumable
                log.exception("sync run %s stopped", run.id)
                record_error(span, exc)
                run = await self._finish(run.failed(f"{type(exc).__name__}: {exc}"))
            finally:
                await self._let_go(heartbeat)
            span.set_attributes({"een.sync.status": run.status.value, "een.sync.pages": run.counts.pages,
                                 "een.sync.created": run.counts.created, "een.sync.updated": run.counts.updated,
                                 "een.sync.closed": run.counts.closed,
                                 "een.sync.quarantined": run.counts.quarantined})
        run_duration.record(time.perf_counter() - started, {"mode": run.mode.value, "status": run.status.value})
        log.info("sync run %s %s: %s", run.id, run.status.value, asdict(run.counts))
        return run

    async def _next_page(self, run: SyncRun) -> SyncRun:
        request = run.next_request()
        with tracer.start_as_current_span("een.sync.page", attributes={"een.sync.page": request.page}):
            try:
                page = await self._pod.list_profiles(modified_since=request.modified_since, page=request.page,
                                                     page_size=self._page_size)
            except PodUnavailable as exc:
                return await self._finish(run.failed(f"POD unavailable: {exc}"))
            except UnreadableDocument as exc:
                return await self._uow.run(lambda tx, unreadable=exc: self._skip_page(tx, run, unreadable))
            before = run.counts
            run = await self._uow.run(lambda tx: self._apply_page(tx, run, page))
        _count(before, run.counts)
        if run.exhausted:
            run = await self._finish(run.completed())
        return run

    async def _apply_page(self, tx: Transaction, run: SyncRun, page: PodPage) -> SyncRun:
        fresh = [e for e in page.entries if e.last_update is None or run.admits(e.last_update, e.reference)]
        latest = {e.reference: e.profile for e in fresh if e.profile is not None}  # a repeat within a page: last wins
        ours = await ExportRepository(tx).ours_among(list(latest))
        ingested = await ingest_profiles(tx, [p for ref, p in latest.items() if ref not in ours])
        outcomes = [outcome_of(i) for i in ingested]
        problems = [e for e in fresh if e.profile is None]
        quarantine = QuarantineRepository(tx)
        await quarantine.hold([_quarantined(e, run.id) for e in problems])
        await quarantine.resolve(list(latest), _now())
        run = run.after_page(keys=[(e.last_update, e.reference) for e in fresh if e.last_update is not None],
                             page_full=len(page.entries) >= self._page_size, outcomes=outcomes,
                             quarantined=len(problems), skipped_own=len(ours), pod_total=page.total)
        await SyncRepository(tx).save(run)
        return run

    async def _skip_page(self, tx: Transaction, run: SyncRun, exc: UnreadableDocument) -> SyncRun:
        request = run.next_request()
        since = request.modified_since.isoformat() if request.modified_since else "start"
        key = f"page {request.page} since {since}"
        await QuarantineRepository(tx).hold([Quarantined(key=key, reason=exc.reason, excerpt=exc.excerpt,
                                                         run_id=run.id, seen_at=_now())])
        run = run.skip_page(f"{key}: {exc.reason}")
        await SyncRepository(tx).save(run)
        return run

    async def _finish(self, run: SyncRun) -> SyncRun:
        async def work(tx: Transaction) -> SyncRun:
            runs = SyncRepository(tx)
            checkpoint: SyncCheckpoint = await runs.checkpoint()
            await runs.save_checkpoint(checkpoint.after(run))
            await runs.save(run)
            return run

        return await self._uow.run(work)


def _count(before: SyncCounts, after: SyncCounts) -> None:
    """Metrics after the commit: a transaction re-run on a conflict must not count twice."""
    for outcome in ("created", "updated", "closed", "unchanged", "quarantined", "skipped_own"):
        if delta := getattr(after, outcome) - getattr(before, outcome):
            profiles_synced.add(delta, {"outcome": outcome})


def _quarantined(entry: PodEntry, run_id: str) -> Quarantined:
    return Quarantined(key=entry.reference or f"(no reference) {entry.excerpt[:60]}", reason=entry.problem or "",
                       excerpt=entry.excerpt, run_id=run_id, seen_at=_now())
