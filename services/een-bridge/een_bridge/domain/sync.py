"""A sync run against the POD, as pure state: where it stands (a key cursor), what it did
(counts, errors) and which page to ask for next.

The POD lists profiles ordered by (lastUpdate, reference) and filters on an inclusive
`modified_since`. Reading by key instead of by offset means a profile changed during the
run is read again at the end, none is skipped, and a repeated page changes nothing. The
cursor is saved with each page's writes, so a killed run resumes where it stopped.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from een_bridge.domain.model import SyncOutcome

MAX_ERRORS_KEPT = 50
# The checkpoints of the two lists the bridge reads from the POD by key.
PROFILES_CHECKPOINT = "profiles"
INTERESTS_CHECKPOINT = "interests"


class SyncMode(StrEnum):
    FULL = "full"                # from the beginning of the POD
    INCREMENTAL = "incremental"  # from the last checkpoint


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"  # stopped early (POD unavailable); the next run goes on from its cursor


@dataclass(frozen=True, order=True)
class SyncCursor:
    """The last profile handled, by its place in the POD's order."""

    last_update: datetime
    reference: str

    def precedes(self, last_update: datetime, reference: str) -> bool:
        return (self.last_update, self.reference) < (last_update, reference)


@dataclass(frozen=True)
class PageRequest:
    modified_since: datetime | None
    page: int


@dataclass(frozen=True)
class KeysetWalk:
    """Reading a list ordered by (time, id) with an inclusive `since` filter, by key: the
    POD's profiles (lastUpdate, reference) and its interests (receivedAt, id) alike."""

    cursor: SyncCursor | None = None
    page: int = 1
    exhausted: bool = False

    def request(self) -> PageRequest:
        return PageRequest(modified_since=self.cursor.last_update if self.cursor else None, page=self.page)

    def admits(self, at: datetime, key: str) -> bool:
        return self.cursor is None or self.cursor.precedes(at, key)

    def after_page(self, keys: list[tuple[datetime, str]], *, page_full: bool) -> KeysetWalk:
        """`keys`: those of the page's entries that `admits`. The cursor moves to the greatest;
        with none, either the list is done or more entries share one time than a page holds."""
        if keys:
            at, key = max(keys)
            return KeysetWalk(cursor=SyncCursor(at, key), page=1, exhausted=not page_full)
        return KeysetWalk(cursor=self.cursor, page=self.page + 1, exhausted=not page_full)


@dataclass(frozen=True)
class SyncCounts:
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    quarantined: int = 0
    skipped_own: int = 0  # our own exported profiles, seen in the POD's list: never imported back
    pages: int = 0

    def plus(self, outcomes: list[SyncOutcome], *, quarantined: int = 0, skipped_own: int = 0,
             pages: int = 1) -> SyncCounts:
        return SyncCounts(
            created=self.created + outcomes.count(SyncOutcome.CREATED),
            updated=self.updated + outcomes.count(SyncOutcome.UPDATED),
            closed=self.closed + outcomes.count(SyncOutcome.CLOSED),
            unchanged=self.unchanged + outcomes.count(SyncOutcome.UNCHANGED),
            quarantined=self.quarantined + quarantined, skipped_own=self.skipped_own + skipped_own,
            pages=self.pages + pages)

    @property
    def seen(self) -> int:
        return self.created + self.updated + self.closed + self.unchanged + self.quarantined + self.skipped_own


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SyncRun:
    id: str
    mode: SyncMode
    status: RunStatus
    started_at: datetime
    cursor: SyncCursor | None  # None: from the very beginning
    page: int = 1              # beyond 1 only while a full page lies at or before the cursor
    counts: SyncCounts = SyncCounts()
    errors: tuple[str, ...] = ()
    pod_total: int | None = None  # what the POD said was left when the run started
    finished_at: datetime | None = None
    resumed: int = 0              # how many times a killed run was taken up again
    exhausted: bool = False
    skipped_pages: tuple[int, ...] = field(default=())

    @staticmethod
    def start(run_id: str, mode: SyncMode, checkpoint: SyncCursor | None, now: datetime | None = None) -> SyncRun:
        cursor = checkpoint if mode is SyncMode.INCREMENTAL else None
        return SyncRun(id=run_id, mode=mode, status=RunStatus.RUNNING, started_at=now or _now(), cursor=cursor)

    def resume(self) -> SyncRun:
        return replace(self, status=RunStatus.RUNNING, resumed=self.resumed + 1, finished_at=None)

    @property
    def walk(self) -> KeysetWalk:
        return KeysetWalk(self.cursor, self.page, self.exhausted)

    def next_request(self) -> PageRequest:
        return self.walk.request()

    def admits(self, last_update: datetime, reference: str) -> bool:
        """Not handled yet by this run (after its cursor)."""
        return self.walk.admits(last_update, reference)

    def after_page(self, *, keys: list[tuple[datetime, str]], page_full: bool, outcomes: list[SyncOutcome],
                   quarantined: int, skipped_own: int, pod_total: int) -> SyncRun:
        """Account for one page. `keys` are the (lastUpdate, reference) of the entries of the
        page this run had not handled yet; the cursor moves to the greatest."""
        walk = self.walk.after_page(keys, page_full=page_full)
        return replace(self, cursor=walk.cursor, page=walk.page, exhausted=walk.exhausted,
                       counts=self.counts.plus(outcomes, quarantined=quarantined, skipped_own=skipped_own),
                       pod_total=self.pod_total if self.pod_total is not None else pod_total)

    def skip_page(self, reason: str) -> SyncRun:
        """An answer that cannot be read even after retries: note it and go on to the next page."""
        return replace(self, page=self.page + 1, skipped_pages=self.skipped_pages + (self.page,)).note(reason)

    def note(self, error: str) -> SyncRun:
        return replace(self, errors=(self.errors + (error[:500],))[-MAX_ERRORS_KEPT:])

    def completed(self, now: datetime | None = None) -> SyncRun:
        return replace(self, status=RunStatus.COMPLETED, finished_at=now or _now())

    def failed(self, reason: str, now: datetime | None = None) -> SyncRun:
        return replace(self.note(reason), status=RunStatus.FAILED, finished_at=now or _now())

    @property
    def finished(self) -> bool:
        return self.status is not RunStatus.RUNNING


@dataclass(frozen=True)
class SyncCheckpoint:
    """Where the next incremental run starts: the furthest cursor a finished run reached.
    A run that failed half-way still handled everything up to its cursor."""

    cursor: SyncCursor | None = None
    last_run_id: str | None = None

    def after(self, run: SyncRun) -> SyncCheckpoint:
        if run.cursor is None or (self.cursor is not None and run.cursor <= self.cursor):
            return replace(self, last_run_id=run.id)
        return SyncCheckpoint(cursor=run.cursor, last_run_id=run.id)
