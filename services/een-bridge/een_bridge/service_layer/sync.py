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

from opentelemetry import trace

from een_bridge.domain.model import Quarantined, outcome_of
from een_bridge.domain.sync import PROFILES_CHECKPOINT, SyncCounts, SyncMode, SyncRun
from een_bridge.service_layer import commands
from een_bridge.service_layer.handlers import ingest_profiles
from een_bridge.service_layer.ports import Context, Lease, PodEntry, PodUnavailable, ProfileSource, UnreadableDocument
from servicekit.exceptions import Conflict
from servicekit.ids import new_id
from servicekit.telemetry import meter, record_error
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
_meter = meter("een_bridge.sync")
profiles_synced = _meter.create_counter("een.sync.profiles", description="POD profiles handled, by outcome")
run_duration = _meter.create_histogram("een.sync.run.duration", unit="s", description="Sync runs, by mode and status")

Progress = Callable[[SyncRun], None]


class SyncBusy(Conflict):
    """Another sync run holds the lease."""


def _now() -> datetime:
    return datetime.now(UTC)


class PodSync:
    def __init__(self, uow: UnitOfWork, pod: ProfileSource, lease: Lease, *, page_size: int = 100) -> None:
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
            run = await self._uow.handle(open_run, commands.OpenSyncRun(mode))
        except BaseException:
            await self._let_go(heartbeat)
            raise
        return run, asyncio.create_task(self._drive(run, heartbeat, progress), name=f"een-sync-{run.id}")

    async def _let_go(self, heartbeat: asyncio.Task) -> None:
        heartbeat.cancel()
        self._active = False
        await self._lease.release()

    async def has_unfinished_run(self) -> bool:
        return await self._uow.handle(unfinished_run, None) is not None

    async def run(self, mode: SyncMode, progress: Progress | None = None) -> SyncRun:
        _, task = await self.start(mode, progress)
        return await task

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
                return await self._uow.handle(skip_page, commands.SkipSyncPage(run, exc.reason, exc.excerpt))
            before = run.counts
            run = await self._uow.handle(record_page, commands.RecordSyncPage(
                run, page, page_full=len(page.entries) >= self._page_size))
        _count(before, run.counts)
        if run.exhausted:
            run = await self._finish(run.completed())
        return run

    async def _finish(self, run: SyncRun) -> SyncRun:
        return await self._uow.handle(finish_run, commands.FinishSyncRun(run))


# -- the run's steps, each one transaction ----------------------------------------------------

async def unfinished_run(_: None, ctx: Context) -> SyncRun | None:
    return await ctx.runs.unfinished()


async def open_run(cmd: commands.OpenSyncRun, ctx: Context) -> SyncRun:
    unfinished = await ctx.runs.unfinished()
    if unfinished is not None:  # its process died: the lease had expired, so it is ours now
        log.warning("resuming sync run %s after page %s", unfinished.id, unfinished.counts.pages)
        run = unfinished.resume()
    else:
        run = SyncRun.start(new_id(), cmd.mode, (await ctx.checkpoints.get(PROFILES_CHECKPOINT)).cursor)
    await ctx.runs.save(run)
    return run


async def record_page(cmd: commands.RecordSyncPage, ctx: Context) -> SyncRun:
    """Take the page's profiles the run has not handled yet (never our own exports), hold
    the unreadable ones for an operator, and move the run's cursor past the page."""
    run, page = cmd.run, cmd.page
    fresh = [e for e in page.entries if e.last_update is None or run.admits(e.last_update, e.reference)]
    latest = {e.reference: e.profile for e in fresh if e.profile is not None}  # a repeat within a page: last wins
    ours = await ctx.exports.ours_among(list(latest))
    ingested = await ingest_profiles(ctx, [p for ref, p in latest.items() if ref not in ours])
    outcomes = [outcome_of(i) for i in ingested]
    problems = [e for e in fresh if e.profile is None]
    await ctx.quarantine.hold([_quarantined(e, run.id) for e in problems])
    await ctx.quarantine.resolve(list(latest), _now())
    run = run.after_page(keys=[(e.last_update, e.reference) for e in fresh if e.last_update is not None],
                         page_full=cmd.page_full, outcomes=outcomes, quarantined=len(problems),
                         skipped_own=len(ours), pod_total=page.total)
    await ctx.runs.save(run)
    return run


async def skip_page(cmd: commands.SkipSyncPage, ctx: Context) -> SyncRun:
    request = cmd.run.next_request()
    since = request.modified_since.isoformat() if request.modified_since else "start"
    key = f"page {request.page} since {since}"
    await ctx.quarantine.hold([Quarantined(key=key, reason=cmd.reason, excerpt=cmd.excerpt, run_id=cmd.run.id,
                                           seen_at=_now())])
    run = cmd.run.skip_page(f"{key}: {cmd.reason}")
    await ctx.runs.save(run)
    return run


async def finish_run(cmd: commands.FinishSyncRun, ctx: Context) -> SyncRun:
    checkpoint = await ctx.checkpoints.get(PROFILES_CHECKPOINT)
    await ctx.checkpoints.save(PROFILES_CHECKPOINT, checkpoint.after(cmd.run))
    await ctx.runs.save(cmd.run)
    return cmd.run


def _count(before: SyncCounts, after: SyncCounts) -> None:
    """Metrics after the commit: a transaction re-run on a conflict must not count twice."""
    for outcome in ("created", "updated", "closed", "unchanged", "quarantined", "skipped_own"):
        if delta := getattr(after, outcome) - getattr(before, outcome):
            profiles_synced.add(delta, {"outcome": outcome})


def _quarantined(entry: PodEntry, run_id: str) -> Quarantined:
    return Quarantined(key=entry.reference or f"(no reference) {entry.excerpt[:60]}", reason=entry.problem or "",
                       excerpt=entry.excerpt, run_id=run_id, seen_at=_now())
