"""Commands and handlers of consultations (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

Every handler loads the scope (the community, or the platform) inside its transaction and
lets the domain (`domain/consultations.py`) decide; a consultation the actor may not read
(another scope's, or a draft of a non-manager) answers 404, like one that does not exist."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from contracts.events import IntegrationEvent
from servicekit.exceptions import NotFound
from servicekit.telemetry import untraced
from servicekit.unit_of_work import UnitOfWork
from servicekit.versioning import check_version

from communities.domain import consultations as domain
from communities.domain.access import Actor, Scope
from communities.domain.consultations import (
    Consultation,
    ConsultationResponse,
    Question,
)
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class ConsultationRepository(Protocol):
    async def add(self, c: Consultation) -> None: ...

    async def get(self, consultation_id: str) -> Consultation | None: ...

    async def save(self, c: Consultation) -> None:
        """Optimistic: the stored version must be c.version - 1 (else ConcurrentModification)."""

    async def delete(self, consultation_id: str) -> None: ...

    async def due_openings(self, now: datetime, limit: int) -> list[str]:
        """Published, opened by now, not closed, ConsultationOpened not yet sent."""

    async def due_closings(self, now: datetime, limit: int) -> list[str]:
        """Published, closed by now, ConsultationClosed not yet sent."""


class ResponseRepository(Protocol):
    async def get(self, consultation_id: str, key: str) -> ConsultationResponse | None: ...

    async def put(self, r: ConsultationResponse) -> None:
        """Version 1 is inserted (AlreadyExists on a race); a later one replaces version - 1."""

    async def respondent_ids(self, consultation_id: str) -> list[str]:
        """Who answered (none for an anonymous consultation: its responses carry no identity)."""

    async def delete_all(self, consultation_id: str) -> int: ...


class ConsultationsContext(ScopeSource, Protocol):
    consultations: ConsultationRepository
    consultation_responses: ResponseRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CreateConsultation:
    community_id: str | None  # None: platform-wide
    actor: Actor
    consultation_id: str
    title: str
    description: str
    questions: list[Question]
    opens_at: datetime
    closes_at: datetime
    anonymous: bool = False
    results_public_after_close: bool = False
    publish: bool = False  # publish at once


@dataclass(frozen=True)
class ReviseConsultation:
    community_id: str | None
    consultation_id: str
    actor: Actor
    expected_version: int | None
    changes: dict = field(default_factory=dict)  # only what the manager sent


@dataclass(frozen=True)
class ConsultationAction:
    """publish, close, delete."""

    community_id: str | None
    consultation_id: str
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class Answer:
    """The participant's response, new or changed; `key` is their respondent key
    (`domain.respondent_key`, computed by the route with the server's secret)."""

    community_id: str | None
    consultation_id: str
    actor: Actor
    key: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class FindDue:
    now: datetime
    limit: int = 100


@dataclass(frozen=True)
class AnnounceDue:
    consultation_id: str
    now: datetime


# -- handlers ---------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(UTC)


async def _consultation(ctx: ConsultationsContext, community_id: str | None, consultation_id: str,
                        actor: Actor) -> tuple[Scope, Consultation]:
    scope = (await load_scope(ctx, community_id, actor)).require_read()
    c = await ctx.consultations.get(consultation_id)
    if c is None or c.community_id != community_id or not c.readable_by(scope):
        raise NotFound(f"No consultation {consultation_id}.")
    return scope, c


async def _save(ctx: ConsultationsContext, c: Consultation, events: list) -> Consultation:
    await ctx.consultations.save(c)
    for event in events:
        ctx.publish(event)
    return c


async def create_consultation(cmd: CreateConsultation, ctx: ConsultationsContext) -> Consultation:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_manage("open a consultation")
    c = domain.create(scope, consultation_id=cmd.consultation_id, title=cmd.title, description=cmd.description,
                      questions=cmd.questions, opens_at=cmd.opens_at, closes_at=cmd.closes_at,
                      anonymous=cmd.anonymous, results_public_after_close=cmd.results_public_after_close)
    events: list = []
    if cmd.publish:
        c, events = c.publish(scope)
        c = replace(c, version=1)  # stored for the first time
    await ctx.consultations.add(c)
    for event in events:
        ctx.publish(event)
    return c


async def revise_consultation(cmd: ReviseConsultation, ctx: ConsultationsContext) -> Consultation:
    scope, c = await _consultation(ctx, cmd.community_id, cmd.consultation_id, cmd.actor)
    check_version(c.version, cmd.expected_version)
    revised = c.revise(scope, **cmd.changes)
    if revised is c:
        return c
    return await _save(ctx, revised, [])


async def publish_consultation(cmd: ConsultationAction, ctx: ConsultationsContext) -> Consultation:
    scope, c = await _consultation(ctx, cmd.community_id, cmd.consultation_id, cmd.actor)
    check_version(c.version, cmd.expected_version)
    return await _save(ctx, *c.publish(scope))


async def close_consultation(cmd: ConsultationAction, ctx: ConsultationsContext) -> Consultation:
    scope, c = await _consultation(ctx, cmd.community_id, cmd.consultation_id, cmd.actor)
    check_version(c.version, cmd.expected_version)
    now = _now()
    closed, _ = c.close(scope, now=now)
    participants = await ctx.consultation_responses.respondent_ids(c.id)
    told, events = closed.announce_closing(scope, now, participants)
    told = replace(told, version=c.version + 1)  # one change, one version
    return await _save(ctx, told, events)


async def delete_consultation(cmd: ConsultationAction, ctx: ConsultationsContext) -> None:
    scope, c = await _consultation(ctx, cmd.community_id, cmd.consultation_id, cmd.actor)
    check_version(c.version, cmd.expected_version)
    c.deletable(scope, _now())
    await ctx.consultation_responses.delete_all(c.id)
    await ctx.consultations.delete(c.id)


async def answer(cmd: Answer, ctx: ConsultationsContext) -> tuple[Consultation, ConsultationResponse]:
    scope, c = await _consultation(ctx, cmd.community_id, cmd.consultation_id, cmd.actor)
    scope.require_participate("answer")
    previous = await ctx.consultation_responses.get(c.id, cmd.key)
    response = domain.answer(c, scope, key=cmd.key, answers=cmd.answers, previous=previous)
    await ctx.consultation_responses.put(response)
    return c, response


# -- the scheduler ----------------------------------------------------------------------------
async def find_due(cmd: FindDue, ctx: ConsultationsContext) -> tuple[list[str], list[str]]:
    return (await ctx.consultations.due_openings(cmd.now, cmd.limit),
            await ctx.consultations.due_closings(cmd.now, cmd.limit))


async def announce_due(cmd: AnnounceDue, ctx: ConsultationsContext) -> int:
    """One due consultation: ConsultationClosed when its closing time has come, else
    ConsultationOpened when its opening time has; each once (the consultation remembers)."""
    c = await ctx.consultations.get(cmd.consultation_id)
    if c is None:
        return 0
    scope = await load_scope(ctx, c.community_id, Actor("scheduler"))
    if c.community_id is not None and scope.community is None:
        return 0  # its community is gone: nobody to tell
    told, events = c.announce_closing(scope, cmd.now, await ctx.consultation_responses.respondent_ids(c.id))
    if told is c:
        told, events = c.announce_opening(scope, cmd.now)
    if told is c:
        return 0
    await _save(ctx, told, events)
    return 1


async def run_due(uow: UnitOfWork, now: datetime) -> int:
    """What has come due by `now`, handled in transactions of its own; how many were."""
    handled = 0
    while True:
        with untraced():  # an idle service exports no spans
            openings, closings = await uow.handle(find_due, FindDue(now))
        ids = list(dict.fromkeys([*closings, *openings]))
        if not ids:
            return handled
        changed = 0
        for consultation_id in ids:
            changed += 1 if await uow.handle(announce_due, AnnounceDue(consultation_id, now)) else 0
        handled += changed
        full = len(openings) >= FindDue.limit or len(closings) >= FindDue.limit
        if not full or not changed:
            return handled
