"""In-memory stand-ins for the service-layer ports, for handler tests that run in
milliseconds (the cosmicpython FakeUnitOfWork habit). Only unit tests use these: every
integration and end-to-end test runs on the real servers."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar, get_type_hints

from contracts.events import IntegrationEvent
from servicekit.exceptions import AlreadyExists, ConcurrentModification

T = TypeVar("T")
M = TypeVar("M")
R = TypeVar("R")


class FakeStore(Generic[T]):
    """Rows by id (or by `key`, for aggregates identified otherwise), with the two storage
    facts the Mongo adapters report: a taken key (AlreadyExists) and a lost optimistic race
    (ConcurrentModification)."""

    def __init__(self, unique: Callable[[T], Any] | None = None,
                 key: Callable[[T], str] = lambda row: row.id) -> None:  # type: ignore[attr-defined]
        self.rows: dict[str, T] = {}
        self._unique = unique
        self._key = key

    def insert(self, row: T) -> None:
        row_id = self._key(row)
        if row_id in self.rows or (self._unique and any(self._unique(r) == self._unique(row)
                                                         for r in self.rows.values())):
            raise AlreadyExists(f"{row_id} already exists.")
        self.rows[row_id] = row

    def replace_versioned(self, row: T, previous_version: int | None = None) -> None:
        row_id = self._key(row)
        stored = self.rows.get(row_id)
        expected = row.version - 1 if previous_version is None else previous_version  # type: ignore[attr-defined]
        if stored is None or stored.version != expected:  # type: ignore[attr-defined]
            raise ConcurrentModification(row_id)
        if self._unique and any(self._unique(r) == self._unique(row) for i, r in self.rows.items() if i != row_id):
            raise AlreadyExists(f"{row_id} clashes with another row.")
        self.rows[row_id] = row

    def replace(self, row: T) -> None:
        self.rows[self._key(row)] = row

    def where(self, predicate: Callable[[T], bool]) -> list[T]:
        return sorted((r for r in self.rows.values() if predicate(r)), key=self._key)

    def first(self, predicate: Callable[[T], bool]) -> T | None:
        found = self.where(predicate)
        return found[0] if found else None


class FakeContext:
    """Base of the services' fake handler contexts: keeps what handlers publish. Like the
    real HandlerContext, a subclass declares its fake repositories as annotated attributes
    (`communities: FakeCommunities`), each made empty here."""

    def __init__(self) -> None:
        self.published: list[IntegrationEvent] = []
        for name, kind in get_type_hints(type(self)).items():
            if not name.startswith("_") and name != "published" and isinstance(kind, type):
                setattr(self, name, kind())

    def publish(self, event: IntegrationEvent) -> None:
        self.published.append(event)

    def _stores(self) -> list[FakeStore]:
        found: list[FakeStore] = []
        for value in vars(self).values():
            if isinstance(value, FakeStore):
                found.append(value)
            elif hasattr(value, "__dict__"):
                found.extend(v for v in vars(value).values() if isinstance(v, FakeStore))
        return found


C = TypeVar("C", bound=FakeContext)


class FakeUnitOfWork(Generic[C]):
    """Runs a handler as the real unit of work does: all its writes and events, or none."""

    def __init__(self, ctx: C) -> None:
        self.ctx = ctx
        self.commits = 0

    async def handle(self, handler: Callable[[M, C], Awaitable[R]], message: M) -> R:
        snapshot = [(store, dict(store.rows)) for store in self.ctx._stores()]
        published = len(self.ctx.published)
        try:
            result = await handler(message, self.ctx)
        except BaseException:
            for store, rows in snapshot:
                store.rows = rows
            del self.ctx.published[published:]
            raise
        self.commits += 1
        return result
