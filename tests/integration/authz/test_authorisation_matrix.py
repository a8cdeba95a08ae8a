"""The authorisation matrix: every communities endpoint (each capability's `rows_*.py`) ×
every actor × every access type, against the real servers, with the expected status
written down in the rows. It fails once, with a table of every cell that differs.

One world per access type (world.py), built once for the module and reused by every row:
a community of that access type and an actor of each kind. Fixtures (the content a row
`needs`) are made once per world and cached, except for `fresh` rows, whose fixtures are made
anew for each cell (one actor's DELETE must not change what the next actor meets).
Platform rows (`platform=True`) do not depend on the community: they run once, in the open
world. Reading cells run concurrently; cells that change something run one at a time, after
the reads, so no write races another.

Beside it: what the personal calendar feed reveals (a member's feed never holds the events of
a private or closed community they are not a member of). What notifications reveal is tested
with the notifications service (tests/integration/test_notifications_community_content.py):
the inbox is per member, not an endpoint of this matrix."""
from __future__ import annotations

import asyncio
import importlib
import pkgutil
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from communities.entrypoints.app import create_app
from communities.settings import CommunitiesSettings

import tests.integration.authz as authz_package
from tests.integration.authz.matrix import ACCESS, ACTORS, Fixture, Row
from tests.integration.authz.world import World, build_world
from tests.support.apps import running
from tests.support.tokens import TestIssuer

ISSUER = TestIssuer()
READING = frozenset({"GET", "HEAD", "OPTIONS"})
CONCURRENCY = 16


def load_rows() -> tuple[list[tuple[str, Row]], dict[str, Fixture]]:
    """Every `rows_*.py` beside this module: (module name, row) pairs and all fixtures."""
    rows: list[tuple[str, Row]] = []
    fixtures: dict[str, Fixture] = {}
    for info in sorted(pkgutil.iter_modules(authz_package.__path__), key=lambda i: i.name):
        if not info.name.startswith("rows_"):
            continue
        module = importlib.import_module(f"{authz_package.__name__}.{info.name}")
        for name, fixture in getattr(module, "FIXTURES", {}).items():
            if name in fixtures and fixtures[name] is not fixture:
                raise ValueError(f"{info.name}: the fixture {name!r} is already defined by another rows module")
            fixtures[name] = fixture
        rows.extend((info.name, row) for row in module.ROWS)
    return rows, fixtures


@dataclass(frozen=True)
class Cell:
    module: str
    row: Row
    access: str
    actor: str
    expected: int

    @property
    def reading(self) -> bool:
        return self.row.method.upper() in READING and not self.row.fresh


@dataclass(frozen=True)
class Outcome:
    cell: Cell
    got: int | str
    detail: str = ""

    @property
    def differs(self) -> bool:
        return self.got != self.cell.expected


class Fixtures:
    """Makes what rows need, once per world (a lock per name, so concurrent cells wait for
    the one that makes it), or anew in a forked world for a fresh row."""

    def __init__(self, fixtures: dict[str, Fixture]) -> None:
        self._fixtures = fixtures
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def ensure(self, world: World, names: tuple[str, ...], *, cache: bool = True) -> None:
        for name in names:
            if name not in self._fixtures:
                raise LookupError(f"no fixture {name!r} in any rows module")
            if not cache:
                world.ids[name] = await self._fixtures[name](world)
                continue
            lock = self._locks.setdefault((world.access, name), asyncio.Lock())
            async with lock:
                if name not in world.ids:
                    world.ids[name] = await self._fixtures[name](world)


def _detail(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        try:
            body = response.json()
        except ValueError:
            return response.text[:120]
        return str(body.get("detail") or body.get("title") or "")[:160]
    return ""


async def run_cell(cell: Cell, world: World, fixtures: Fixtures) -> Outcome:
    row = cell.row
    env = world.fork() if row.fresh else world
    try:
        await fixtures.ensure(env, row.needs, cache=not row.fresh)
    except Exception as exc:  # a fixture that cannot be made is every cell of its row failing
        return Outcome(cell, "fixture", f"{type(exc).__name__}: {str(exc)[:150]}")
    try:
        path = row.path.format(community=env.community_id, **{name: env.ids[name] for name in row.needs})
    except KeyError as exc:
        return Outcome(cell, "path", f"{row.path} names {exc} which it does not need")
    body = row.body(env) if callable(row.body) else row.body
    request: dict = {"headers": {**env.headers(cell.actor), **row.headers}}
    if row.content is not None:
        request["content"] = row.content
    elif body is not None:
        request["json"] = body
    try:
        response = await env.client.request(row.method, path, **request)
    except Exception as exc:  # an exception out of the app is a 500 that escaped the handlers
        return Outcome(cell, "error", f"{type(exc).__name__}: {str(exc)[:150]}")
    return Outcome(cell, response.status_code, _detail(response))


def cells_of(rows: list[tuple[str, Row]]) -> list[Cell]:
    cells: list[Cell] = []
    for module, row in rows:
        for access in (("public",) if row.platform else ACCESS):
            for actor, expected in zip(ACTORS, row.expect[access], strict=True):
                cells.append(Cell(module, row, access, actor, expected))
    return cells


def table(outcomes: list[Outcome]) -> str:
    header = ("row", "access", "actor", "expected", "got", "problem detail")
    lines = [(f"{o.cell.module.removeprefix('rows_')}: {o.cell.row.action}", o.cell.access, o.cell.actor,
              str(o.cell.expected), str(o.got), o.detail) for o in outcomes]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header[:-1])]

    def fmt(parts) -> str:
        return "  ".join(p.ljust(w) for p, w in zip(parts[:-1], widths)) + "  " + parts[-1]

    return "\n".join([fmt(header), fmt(tuple("-" * w for w in widths) + ("-" * 14,)), *map(fmt, lines)])


async def run_matrix(cells: list[Cell], worlds: dict[str, World], fixtures: Fixtures) -> list[Outcome]:
    semaphore = asyncio.Semaphore(CONCURRENCY)

    async def bounded(cell: Cell) -> Outcome:
        async with semaphore:
            return await run_cell(cell, worlds[cell.access], fixtures)

    reads = [c for c in cells if c.reading]
    outcomes = list(await asyncio.gather(*(bounded(c) for c in reads)))
    for cell in (c for c in cells if not c.reading):  # writes one at a time, in the rows' order
        outcomes.append(await run_cell(cell, worlds[cell.access], fixtures))
    return outcomes


# -- fixtures of the module ---------------------------------------------------------------------
@pytest.fixture(scope="module")
async def app_client(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_authz"))
    async with running(app, ISSUER) as client:
        yield app, client


@pytest.fixture(scope="module")
async def worlds(app_client) -> dict[str, World]:
    app, client = app_client
    db = app.state.runtime.db
    return {access: await build_world(client, db, ISSUER, access) for access in ACCESS}


# -- the matrix ---------------------------------------------------------------------------------
def test_every_row_lists_nine_statuses_for_every_access_type():
    rows, fixtures = load_rows()
    assert rows, "no rows_*.py module declares ROWS"
    for module, row in rows:
        assert set(row.expect) == set(ACCESS), f"{module}: {row.action} needs all of {ACCESS}"
        missing = [name for name in row.needs if name not in fixtures]
        assert not missing, f"{module}: {row.action} needs fixtures no module defines: {missing}"


# Served by every service alike (servicekit): not the communities' authorisation story.
SHARED_ROUTES = {("GET", "/health"), ("GET", "/asyncapi.json"), ("GET", "/asyncapi.yaml")}


def _route_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$")


async def test_every_communities_endpoint_has_a_row(app_client):
    """A new route without its row in a rows_*.py module fails here, not silently."""
    _, client = app_client
    paths = (await client.get("/openapi.json")).json()["paths"]
    routes = {(method.upper(), path) for path, operations in paths.items() for method in operations
              if method in ("get", "post", "put", "patch", "delete")} - SHARED_ROUTES
    rows, _ = load_rows()
    missing = sorted((method, path) for method, path in routes
                     if not any(row.method == method and _route_pattern(path).match(row.path.split("?")[0])
                                for _, row in rows))
    assert not missing, f"endpoints with no row in the matrix: {missing}"


async def test_the_authorisation_matrix_holds(worlds):
    rows, fixture_functions = load_rows()
    cells = cells_of(rows)
    started = time.perf_counter()
    outcomes = await run_matrix(cells, worlds, Fixtures(fixture_functions))
    elapsed = time.perf_counter() - started
    community_rows = sum(1 for _, row in rows if not row.platform)
    platform_rows = len(rows) - community_rows
    print(f"\nauthorisation matrix: {community_rows} community rows × {len(ACTORS)} actors × {len(ACCESS)} access "
          f"types + {platform_rows} platform rows × {len(ACTORS)} actors = {len(cells)} cells "
          f"in {elapsed:.1f} s ({', '.join(sorted({m for m, _ in rows}))})")
    for world in worlds.values():
        for note in dict.fromkeys(world.notes):
            print(f"  world note: {note}")
    differing = [o for o in outcomes if o.differs]
    if differing:
        pytest.fail(f"{len(differing)} of {len(cells)} cells differ from the matrix:\n{table(differing)}",
                    pytrace=False)


# -- what the personal calendar feed reveals ---------------------------------------------------
EVENT = {"title": "Matrix meeting", "description": "Members only.", "time_zone": "Europe/Rome",
         "place": "Turin"}


async def _event_in(world: World) -> httpx.Response:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    return await world.client.post(f"/communities/{world.community_id}/events", headers=world.headers("owner"),
                                   json={**EVENT, "starts_at": starts.isoformat(),
                                         "ends_at": (starts + timedelta(hours=2)).isoformat()})


async def _feed_of(world: World, actor: str) -> tuple[int, bytes]:
    made = await world.client.post("/calendar/feed-token", headers=world.headers(actor))
    assert made.status_code in (200, 201), made.text
    url = made.json().get("url") or made.json().get("feed_url")
    assert url, made.text
    path = "/calendar/" + url.split("/calendar/", 1)[1]  # what the service sees, behind the gateway
    feed = await world.client.get(path)  # no sign-in: the token in the URL is the credential
    return feed.status_code, feed.content


async def test_a_personal_calendar_feed_never_holds_a_restricted_communitys_events_for_a_non_member(worlds):
    from icalendar import Calendar

    made: dict[str, str] = {}
    for access in ("public", "private", "closed"):
        response = await _event_in(worlds[access])
        if response.status_code in (404, 405) and response.json().get("detail") in ("Not Found", "Method Not Allowed"):
            pytest.skip(f"events are not routed yet (POST …/events answered {response.status_code})")
        assert response.status_code == 201, response.text
        made[access] = response.json()["id"]

    def events_in(ics: bytes) -> set[str]:
        calendar = Calendar.from_ical(ics)
        return {str(component.get("UID")) for component in calendar.walk("VEVENT")}

    for access, world in worlds.items():
        for actor in ("non_member", "pending", "invited", "operator", "member", "owner"):
            status, ics = await _feed_of(world, actor)
            assert status == 200, (access, actor, status)
            uids = " ".join(events_in(ics))
            # A member's feed holds their communities' events; a non-member's never holds the
            # community's (an open community's events reach them only once they register).
            if actor in ("member", "owner"):
                assert made[access] in uids, f"{access}: the feed of {actor} lacks their community's event"
            else:
                assert made[access] not in uids, f"{access}: the feed of {actor} holds the community's event"
