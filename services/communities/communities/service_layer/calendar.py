"""Commands and handlers of calendar (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

Every handler loads the scope (the community, or the platform) inside its transaction and
lets the domain (`domain/calendar.py`) decide; an event of another scope, or of a scope the
actor may not read, answers 404 like one that does not exist."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from contracts.events import IntegrationEvent, RegistrationStatus
from contracts.taxonomy import load_taxonomy
from servicekit.exceptions import NotFound
from servicekit.ids import new_id
from servicekit.telemetry import untraced
from servicekit.unit_of_work import UnitOfWork
from servicekit.versioning import check_version

from communities.domain import calendar as domain
from communities.domain.access import Actor, Scope
from communities.domain.calendar import Event, Registration
from communities.domain.model import CommunityRuleViolation, NotAllowed
from communities.service_layer.scopes import ScopeSource, load_scope

REMINDER_HOURS = 24.0  # the default; the runner passes settings.event_reminder_hours


# -- ports ------------------------------------------------------------------------------------
class EventRepository(Protocol):
    async def add(self, event: Event) -> None: ...

    async def get(self, event_id: str) -> Event | None: ...

    async def save(self, event: Event) -> None:
        """Optimistic: the stored version must be event.version - 1; the seat counters stay."""

    async def take_seat(self, event_id: str, capacity: int | None) -> bool:
        """Atomically one more registered participant, if a seat is left."""

    async def release_seat(self, event_id: str) -> None: ...

    async def join_queue(self, event_id: str) -> int:
        """The next number of the waiting list."""

    async def leave_queue(self, event_id: str) -> None: ...

    async def due_reminders(self, now: datetime, until: datetime, limit: int) -> list[str]: ...

    async def mark_reminded(self, event_id: str, starts_at: datetime, now: datetime) -> bool:
        """True for the one caller that marks it first."""


class RegistrationRepository(Protocol):
    async def get(self, event_id: str, user_id: str) -> Registration | None: ...

    async def save(self, registration: Registration) -> None: ...

    async def first_waiting(self, event_id: str) -> Registration | None: ...

    async def participant_ids(self, event_id: str, *, waiting_too: bool = False) -> list[str]: ...


class FeedTokenRepository(Protocol):
    async def put(self, user_id: str, token_hash: str, now: datetime) -> None: ...

    async def delete(self, user_id: str) -> bool: ...


class CalendarContext(ScopeSource, Protocol):
    events: EventRepository
    registrations: RegistrationRepository
    feed_tokens: FeedTokenRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleEvent:
    community_id: str | None  # None: platform-wide
    actor: Actor
    title: str
    description: str
    starts_at: datetime  # with an offset, or wall-clock time in time_zone
    ends_at: datetime
    time_zone: str = domain.DEFAULT_TIME_ZONE
    place: str | None = None
    online_url: str | None = None
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviseEvent:
    community_id: str | None
    event_id: str
    actor: Actor
    expected_version: int | None
    changes: dict


@dataclass(frozen=True)
class EventAction:
    """cancel the event; register or cancel one's registration."""

    community_id: str | None
    event_id: str
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class MarkAttendance:
    community_id: str | None
    event_id: str
    actor: Actor
    user_id: str
    attended: bool | None


@dataclass(frozen=True)
class RotateFeedToken:
    actor: Actor


@dataclass(frozen=True)
class RevokeFeedToken:
    actor: Actor


@dataclass(frozen=True)
class RemindDue:
    event_id: str
    now: datetime


@dataclass(frozen=True)
class FindDue:
    now: datetime
    hours: float = REMINDER_HOURS
    limit: int = 100


# -- handlers ---------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(UTC)


async def _event(ctx: CalendarContext, community_id: str | None, event_id: str, actor: Actor) -> tuple[Scope, Event]:
    scope = (await load_scope(ctx, community_id, actor)).require_read()
    event = await ctx.events.get(event_id)
    if event is None or event.community_id != community_id:
        raise NotFound(f"No event {event_id}.")
    return scope, event


async def schedule_event(cmd: ScheduleEvent, ctx: CalendarContext) -> Event:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_manage("schedule events")
    if cmd.descriptors:
        load_taxonomy().require_known(list(cmd.descriptors))
    event, events = domain.schedule(
        scope, event_id=new_id(), title=cmd.title, description=cmd.description, starts_at=cmd.starts_at,
        ends_at=cmd.ends_at, time_zone=cmd.time_zone, place=cmd.place, online_url=cmd.online_url,
        capacity=cmd.capacity, registration_opens_at=cmd.registration_opens_at,
        registration_closes_at=cmd.registration_closes_at, descriptors=cmd.descriptors)
    await ctx.events.add(event)
    for e in events:
        ctx.publish(e)
    return event


async def revise_event(cmd: ReviseEvent, ctx: CalendarContext) -> Event:
    scope, event = await _event(ctx, cmd.community_id, cmd.event_id, cmd.actor)
    check_version(event.version, cmd.expected_version)
    if cmd.changes.get("descriptors"):
        load_taxonomy().require_known(cmd.changes["descriptors"])
    revised, events = event.revise(scope, **cmd.changes)
    if revised is event:
        return event
    await ctx.events.save(revised)
    for e in events:
        ctx.publish(e)
    return await _promote(ctx, scope, revised)


async def cancel_event(cmd: EventAction, ctx: CalendarContext) -> Event:
    scope, event = await _event(ctx, cmd.community_id, cmd.event_id, cmd.actor)
    check_version(event.version, cmd.expected_version)
    participants = await ctx.registrations.participant_ids(event.id, waiting_too=True)
    cancelled, events = event.cancel(scope, participants)
    if cancelled is event:
        return event
    await ctx.events.save(cancelled)
    for e in events:
        ctx.publish(e)
    return cancelled


async def register(cmd: EventAction, ctx: CalendarContext) -> Registration:
    """Registered if a seat is left, else on the waiting list; registering again changes nothing."""
    scope, event = await _event(ctx, cmd.community_id, cmd.event_id, cmd.actor)
    scope.require_participate("register for its events")
    now = _now()
    event.require_registration_open(now)
    existing = await ctx.registrations.get(event.id, cmd.actor.user_id)
    if existing is not None and existing.active:
        return existing
    if await ctx.events.take_seat(event.id, event.capacity):
        status, queue = RegistrationStatus.REGISTERED, 0
    else:
        status, queue = RegistrationStatus.WAITING, await ctx.events.join_queue(event.id)
    registration = Registration(event_id=event.id, user_id=cmd.actor.user_id, community_id=event.community_id,
                                status=status, registered_at=now, changed_at=now, queue=queue,
                                version=(existing.version + 1) if existing else 1)
    await ctx.registrations.save(registration)
    ctx.publish(domain.changed(event, scope, registration))
    return registration


async def cancel_registration(cmd: EventAction, ctx: CalendarContext) -> Registration:
    """The participant cancels; their seat goes to the first on the waiting list."""
    scope, event = await _event(ctx, cmd.community_id, cmd.event_id, cmd.actor)
    registration = await ctx.registrations.get(event.id, cmd.actor.user_id)
    if registration is None or not registration.active:
        raise NotFound("You are not registered for this event.")
    if event.cancelled:
        raise CommunityRuleViolation("This event was cancelled.")
    now = _now()
    if now >= event.starts_at:
        raise CommunityRuleViolation("This event has already started.")
    held = registration.holds_a_seat
    cancelled = replace(registration, status=RegistrationStatus.CANCELLED, changed_at=now,
                        version=registration.version + 1)
    await ctx.registrations.save(cancelled)
    ctx.publish(domain.changed(event, scope, cancelled))
    if held:
        await ctx.events.release_seat(event.id)
        await _promote(ctx, scope, replace(event, seats_taken=max(0, event.seats_taken - 1)))
    else:
        await ctx.events.leave_queue(event.id)
    return cancelled


async def _promote(ctx: CalendarContext, scope: Scope, event: Event) -> Event:
    """First in, first promoted, while seats are left."""
    if event.cancelled:
        return event
    now = _now()
    while True:
        first = await ctx.registrations.first_waiting(event.id)
        if first is None or not await ctx.events.take_seat(event.id, event.capacity):
            return event
        await ctx.events.leave_queue(event.id)
        promoted = replace(first, status=RegistrationStatus.REGISTERED, changed_at=now, version=first.version + 1)
        await ctx.registrations.save(promoted)
        ctx.publish(domain.changed(event, scope, promoted, promoted=True))


async def mark_attendance(cmd: MarkAttendance, ctx: CalendarContext) -> Registration:
    scope, event = await _event(ctx, cmd.community_id, cmd.event_id, cmd.actor)
    if not scope.can_manage():
        raise NotAllowed("Only the event's managers keep the attendance list.")
    registration = await ctx.registrations.get(event.id, cmd.user_id)
    if registration is None or not registration.holds_a_seat:
        raise NotFound("This member is not registered for this event.")
    marked = replace(registration, attended=cmd.attended, version=registration.version + 1)
    await ctx.registrations.save(marked)
    return marked


# -- the personal feed ------------------------------------------------------------------------
def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def rotate_feed_token(cmd: RotateFeedToken, ctx: CalendarContext) -> str:
    """A new secret for the member's feed (the old one stops working); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    await ctx.feed_tokens.put(cmd.actor.user_id, hash_token(token), _now())
    return token


async def revoke_feed_token(cmd: RevokeFeedToken, ctx: CalendarContext) -> bool:
    return await ctx.feed_tokens.delete(cmd.actor.user_id)


# -- the scheduler ----------------------------------------------------------------------------
async def find_due(cmd: FindDue, ctx: CalendarContext) -> list[str]:
    return await ctx.events.due_reminders(cmd.now, cmd.now + timedelta(hours=cmd.hours), cmd.limit)


async def remind_due(cmd: RemindDue, ctx: CalendarContext) -> int:
    """EventReminderDue once per event (the event remembers; a second run or replica finds it told)."""
    event = await ctx.events.get(cmd.event_id)
    if event is None or event.cancelled or event.reminded_at is not None:
        return 0
    scope = await load_scope(ctx, event.community_id, Actor("scheduler"))
    if event.community_id is not None and scope.community is None:
        return 0
    if not await ctx.events.mark_reminded(event.id, event.starts_at, cmd.now):
        return 0
    participants = await ctx.registrations.participant_ids(event.id)
    if participants:
        ctx.publish(event.reminder(scope, participants))
    return 1


async def run_due(uow: UnitOfWork, now: datetime, hours: float) -> int:
    """What has come due by `now` (reminders `hours` before a start), handled in transactions
    of their own; how many were."""
    handled = 0
    while True:
        with untraced():  # an idle service exports no spans
            ids = await uow.handle(find_due, FindDue(now, hours=hours))
        if not ids:
            return handled
        changed = 0
        for event_id in ids:
            changed += await uow.handle(remind_due, RemindDue(event_id=event_id, now=now))
        handled += changed
        if len(ids) < FindDue.limit or not changed:
            return handled
