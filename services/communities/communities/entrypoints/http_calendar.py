"""HTTP routes of calendar: events in a community (`/communities/{id}/events…`) or platform-wide
(`/events…`), registrations with a waiting list, the attendance list, .ics calendars, the
personal calendar feed. Thin: parse, authorise, call a handler, shape the answer.

The personal feed (`/calendar/feed/{token}.ics`) is read without signing in: the secret in
its address is the credential (only its hash is stored). What it holds is decided at each
request: the events of the communities the member reads now as an active member, and those
they registered for that they may still read."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from contracts.events import RegistrationStatus
from fastapi import Depends, Query, Request, Response, status
from servicekit.http.concurrency import (
    IfMatch,
    check_version,
    expected_version,
    set_etag,
)
from servicekit.http.dependencies import Database, UoW, provided
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from servicekit.http.routing import ServiceRouter

from communities.adapters.calendar import CalendarQueries, cursor_of
from communities.domain.access import Actor, Scope
from communities.domain.calendar import Event
from communities.entrypoints import ics
from communities.entrypoints.access import CurrentActor, PlatformScope, ReadableScope
from communities.entrypoints.schemas_calendar import (
    AttendanceIn,
    AttendanceOut,
    EventIn,
    EventOut,
    EventPatch,
    FeedStateOut,
    FeedTokenOut,
    MyRegistration,
    RegistrationOut,
)
from communities.service_layer import calendar as handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["calendar"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
When = Annotated[str, Query(pattern="^(upcoming|past)$", description="upcoming (not ended yet) or past")]
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]
FEED_HISTORY = timedelta(days=180)  # how far back the feeds reach
ICS_HEADERS = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}


def calendar_queries(db: Database) -> CalendarQueries:
    return CalendarQueries(db)


CalQ = Annotated[CalendarQueries, Depends(calendar_queries)]


def _now() -> datetime:
    return datetime.now(UTC)


def _not_found(event_id: str) -> Problem:
    return Problem(f"No event {event_id}.", status=404, title="Not Found")


async def _mine(q: CalendarQueries, event_id: str, user_id: str) -> MyRegistration | None:
    r = await q.registration(event_id, user_id)
    if r is None:
        return None
    return MyRegistration(status=r.status, position=await q.position(r), registered_at=r.registered_at,
                          attended=r.attended)


async def _out(q: CalendarQueries, e: Event, scope: Scope, *, community_name: str | None = None) -> EventOut:
    return EventOut.of(e, now=_now(), can_manage=scope.can_manage(), can_participate=scope.can_participate(),
                       community_name=community_name or (scope.community.name if scope.community else None),
                       mine=await _mine(q, e.id, scope.actor.user_id))


# -- the event in the path, as FastAPI dependencies (before If-Match and the body) ---------------
async def _readable(q: CalendarQueries, scope: Scope, event_id: str) -> tuple[Scope, Event]:
    event = await q.event(event_id)
    if event is None or event.community_id != scope.community_id:
        raise _not_found(event_id)
    return scope, event


async def community_event(event_id: str, scope: ReadableScope, q: CalQ) -> tuple[Scope, Event]:
    return await _readable(q, scope, event_id)


async def platform_event(event_id: str, scope: PlatformScope, q: CalQ) -> tuple[Scope, Event]:
    return await _readable(q, scope, event_id)


async def community_managed(event_id: str, scope: ReadableScope, q: CalQ) -> tuple[Scope, Event]:
    scope, event = await _readable(q, scope, event_id)
    return scope.require_manage("manage events"), event


async def platform_managed(event_id: str, scope: PlatformScope, q: CalQ) -> tuple[Scope, Event]:
    scope, event = await _readable(q, scope, event_id)
    return scope.require_manage("manage events"), event


async def community_participating(event_id: str, scope: ReadableScope, q: CalQ) -> tuple[Scope, Event]:
    scope, event = await _readable(q, scope, event_id)
    return scope.require_participate("register for its events"), event


async def community_organiser(scope: ReadableScope) -> Scope:
    return scope.require_manage("schedule events")


async def platform_organiser(scope: PlatformScope) -> Scope:
    return scope.require_manage("schedule events")


def optional_if_match(request: Request) -> int | None:
    return expected_version(request, required=False)


CommunityEvent = Annotated[tuple[Scope, Event], Depends(community_event)]
PlatformEvent = Annotated[tuple[Scope, Event], Depends(platform_event)]
CommunityManaged = Annotated[tuple[Scope, Event], Depends(community_managed)]
PlatformManaged = Annotated[tuple[Scope, Event], Depends(platform_managed)]
CommunityParticipating = Annotated[tuple[Scope, Event], Depends(community_participating)]
CommunityOrganiser = Annotated[Scope, Depends(community_organiser)]
PlatformOrganiser = Annotated[Scope, Depends(platform_organiser)]
OptionalIfMatch = Annotated[int | None, Depends(optional_if_match)]


# -- shared implementations -----------------------------------------------------------------------
async def _schedule(scope: Scope, body: EventIn, unit, q: CalendarQueries, response: Response) -> EventOut:
    data = body.model_dump()
    data["descriptors"] = tuple(data["descriptors"])
    event = await unit.handle(handlers.schedule_event, handlers.ScheduleEvent(
        community_id=scope.community_id, actor=scope.actor, **data))
    base = f"communities/{scope.community_id}/events" if scope.community_id else "events"
    response.headers["Location"] = f"{base}/{event.id}"
    set_etag(response, event.version)
    return await _out(q, event, scope)


async def _list(q: CalendarQueries, scopes: dict[str | None, Scope], *, when: str, limit: int,
                cursor: str | None) -> Page[EventOut]:
    upcoming = when == "upcoming"
    rows = await q.events(list(scopes), upcoming=upcoming, now=_now(), after=decode_cursor(cursor), limit=limit)
    page = rows[:limit]
    actor = next(iter(scopes.values())).actor
    mine = await q.registrations_of(actor.user_id, [e.id for e in page])
    items = []
    for e in page:
        scope = scopes[e.community_id]
        r = mine.get(e.id)
        my = None if r is None else MyRegistration(status=r.status, position=await q.position(r),
                                                   registered_at=r.registered_at, attended=r.attended)
        items.append(EventOut.of(e, now=_now(), can_manage=scope.can_manage(), can_participate=scope.can_participate(),
                                 community_name=scope.community.name if scope.community else None, mine=my))
    more = encode_cursor(cursor_of(page[-1])) if len(rows) > limit and page else None
    return Page(items=items, next_cursor=more)


async def _got(event: tuple[Scope, Event], q: CalendarQueries, response: Response) -> EventOut:
    scope, e = event
    set_etag(response, e.version)
    return await _out(q, e, scope)


async def _revise(event: tuple[Scope, Event], expected: int | None, body: EventPatch, unit, q: CalendarQueries,
                  response: Response) -> EventOut:
    scope, e = event
    check_version(e.version, expected)
    changes = body.model_dump(exclude_unset=True)
    revised = await unit.handle(handlers.revise_event, handlers.ReviseEvent(
        community_id=scope.community_id, event_id=e.id, actor=scope.actor, expected_version=expected,
        changes=changes))
    set_etag(response, revised.version)
    return await _out(q, revised, scope)


async def _cancel(event: tuple[Scope, Event], expected: int | None, unit, q: CalendarQueries,
                  response: Response) -> EventOut:
    scope, e = event
    if expected is not None:
        check_version(e.version, expected)
    cancelled = await unit.handle(handlers.cancel_event, handlers.EventAction(
        community_id=scope.community_id, event_id=e.id, actor=scope.actor, expected_version=expected))
    set_etag(response, cancelled.version)
    return await _out(q, cancelled, scope)


async def _register(event: tuple[Scope, Event], unit, q: CalendarQueries) -> RegistrationOut:
    scope, e = event
    r = await unit.handle(handlers.register, handlers.EventAction(
        community_id=scope.community_id, event_id=e.id, actor=scope.actor))
    return RegistrationOut.of(r, await q.position(r))


async def _unregister(event: tuple[Scope, Event], unit) -> RegistrationOut:
    scope, e = event
    r = await unit.handle(handlers.cancel_registration, handlers.EventAction(
        community_id=scope.community_id, event_id=e.id, actor=scope.actor))
    return RegistrationOut.of(r)


async def _attendance(event: tuple[Scope, Event], q: CalendarQueries) -> AttendanceOut:
    _, e = event
    rows = await q.registrations(e.id)
    by = {s: [] for s in RegistrationStatus}
    for position, r in enumerate((r for r in rows if r.status is RegistrationStatus.WAITING), start=1):
        by[r.status].append(RegistrationOut.of(r, position))
    for r in rows:
        if r.status is not RegistrationStatus.WAITING:
            by[r.status].append(RegistrationOut.of(r))
    return AttendanceOut(event_id=e.id, registered=by[RegistrationStatus.REGISTERED],
                         waiting=by[RegistrationStatus.WAITING], cancelled=by[RegistrationStatus.CANCELLED])


async def _mark(event: tuple[Scope, Event], user_id: str, body: AttendanceIn, unit) -> RegistrationOut:
    scope, e = event
    r = await unit.handle(handlers.mark_attendance, handlers.MarkAttendance(
        community_id=scope.community_id, event_id=e.id, actor=scope.actor, user_id=user_id, attended=body.attended))
    return RegistrationOut.of(r)


def _web_url(settings: CommunitiesSettings, e: Event) -> str:
    base = settings.public_base_url.rstrip("/")
    return f"{base}/communities/{e.community_id}/events/{e.id}" if e.community_id else f"{base}/events/{e.id}"


def _ics(body: bytes, filename: str) -> Response:
    return Response(content=body, media_type=ics.MEDIA_TYPE,
                    headers={**ICS_HEADERS, "Content-Disposition": f'inline; filename="{filename}"'})


def _event_ics(event: tuple[Scope, Event], settings: CommunitiesSettings) -> Response:
    _, e = event
    body = ics.calendar_of([e], name=e.title, url_of=lambda x: _web_url(settings, x))
    return _ics(body, f"event-{e.id}.ics")


ICS = {200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}}


# -- community events (the .ics routes first: `{event_id}` alone would take "….ics") ---------------
@router.get("/communities/{community_id}/calendar.ics", response_class=Response, responses=ICS,
            summary="The community's calendar (RFC 5545): its events from 180 days ago on")
async def community_calendar(community_id: str, scope: ReadableScope, q: CalQ, settings: Settings) -> Response:
    rows = await q.events([community_id], upcoming=True, now=_now() - FEED_HISTORY, limit=5000)
    name = scope.community.name if scope.community else community_id
    return _ics(ics.calendar_of(rows, name=name, url_of=lambda x: _web_url(settings, x)),
                f"community-{community_id}.ics")


@router.get("/communities/{community_id}/events/{event_id}.ics", response_class=Response, responses=ICS,
            summary="One event as .ics (add to calendar)")
async def community_event_ics(community_id: str, event: CommunityEvent, settings: Settings) -> Response:
    return _event_ics(event, settings)


@router.post("/communities/{community_id}/events", status_code=status.HTTP_201_CREATED, response_model=EventOut,
             summary="Schedule an event (owner, moderators)")
async def schedule_community_event(community_id: str, scope: CommunityOrganiser, body: EventIn, unit: UoW, q: CalQ,
                                   response: Response) -> EventOut:
    return await _schedule(scope, body, unit, q, response)


@router.get("/communities/{community_id}/events", response_model=Page[EventOut],
            summary="The community's events: upcoming soonest first, or past latest first")
async def community_events(community_id: str, scope: ReadableScope, q: CalQ, when: When = "upcoming",
                           limit: Limit = 20, cursor: str | None = None) -> Page[EventOut]:
    return await _list(q, {community_id: scope}, when=when, limit=limit, cursor=cursor)


@router.get("/communities/{community_id}/events/{event_id}", response_model=EventOut, summary="One event")
async def community_event_(community_id: str, event: CommunityEvent, q: CalQ, response: Response) -> EventOut:
    return await _got(event, q, response)


@router.patch("/communities/{community_id}/events/{event_id}", response_model=EventOut,
              summary="Change an event (owner, moderators; If-Match required)")
async def revise_community_event(community_id: str, event: CommunityManaged, expected: IfMatch, body: EventPatch,
                                 unit: UoW, q: CalQ, response: Response) -> EventOut:
    return await _revise(event, expected, body, unit, q, response)


@router.post("/communities/{community_id}/events/{event_id}/cancel", response_model=EventOut,
             summary="Cancel an event: its participants are told (owner, moderators)")
async def cancel_community_event(community_id: str, event: CommunityManaged, expected: OptionalIfMatch, unit: UoW,
                                 q: CalQ, response: Response) -> EventOut:
    return await _cancel(event, expected, unit, q, response)


@router.post("/communities/{community_id}/events/{event_id}/registration", response_model=RegistrationOut,
             summary="Register (members): registered, or on the waiting list when it is full")
async def register_community_event(community_id: str, event: CommunityParticipating, unit: UoW,
                                   q: CalQ) -> RegistrationOut:
    return await _register(event, unit, q)


@router.delete("/communities/{community_id}/events/{event_id}/registration", response_model=RegistrationOut,
               summary="Cancel my registration: the first on the waiting list takes the seat")
async def unregister_community_event(community_id: str, event: CommunityParticipating, unit: UoW) -> RegistrationOut:
    return await _unregister(event, unit)


@router.get("/communities/{community_id}/events/{event_id}/registrations", response_model=AttendanceOut,
            summary="The attendance list: registered, waiting (in order), cancelled (owner, moderators)")
async def community_attendance(community_id: str, event: CommunityManaged, q: CalQ) -> AttendanceOut:
    return await _attendance(event, q)


@router.put("/communities/{community_id}/events/{event_id}/registrations/{user_id}/attended",
            response_model=RegistrationOut, summary="Mark whether a registered participant attended (managers)")
async def mark_community_attendance(community_id: str, user_id: str, event: CommunityManaged, body: AttendanceIn,
                                    unit: UoW) -> RegistrationOut:
    return await _mark(event, user_id, body, unit)


# -- platform-wide events ---------------------------------------------------------------------------
@router.get("/events/{event_id}.ics", response_class=Response, responses=ICS,
            summary="A platform-wide event as .ics")
async def platform_event_ics(event: PlatformEvent, settings: Settings) -> Response:
    return _event_ics(event, settings)


@router.post("/events", status_code=status.HTTP_201_CREATED, response_model=EventOut,
             summary="Schedule a platform-wide event (platform operators)")
async def schedule_platform_event(scope: PlatformOrganiser, body: EventIn, unit: UoW, q: CalQ,
                                  response: Response) -> EventOut:
    return await _schedule(scope, body, unit, q, response)


@router.get("/events", response_model=Page[EventOut],
            summary="Platform-wide events (scope=all: and those of my communities)")
async def platform_events(scope: PlatformScope, q: CalQ, actor: CurrentActor,
                          scope_: Annotated[str, Query(alias="scope", pattern="^(platform|all)$")] = "platform",
                          when: When = "upcoming", limit: Limit = 20, cursor: str | None = None) -> Page[EventOut]:
    scopes: dict[str | None, Scope] = {None: scope}
    if scope_ == "all":
        scopes.update(await q.readable_scopes(actor))
    return await _list(q, scopes, when=when, limit=limit, cursor=cursor)


@router.get("/events/{event_id}", response_model=EventOut, summary="One platform-wide event")
async def platform_event_(event: PlatformEvent, q: CalQ, response: Response) -> EventOut:
    return await _got(event, q, response)


@router.patch("/events/{event_id}", response_model=EventOut,
              summary="Change a platform-wide event (operators; If-Match required)")
async def revise_platform_event(event: PlatformManaged, expected: IfMatch, body: EventPatch, unit: UoW, q: CalQ,
                                response: Response) -> EventOut:
    return await _revise(event, expected, body, unit, q, response)


@router.post("/events/{event_id}/cancel", response_model=EventOut, summary="Cancel a platform-wide event (operators)")
async def cancel_platform_event(event: PlatformManaged, expected: OptionalIfMatch, unit: UoW, q: CalQ,
                                response: Response) -> EventOut:
    return await _cancel(event, expected, unit, q, response)


@router.post("/events/{event_id}/registration", response_model=RegistrationOut,
             summary="Register for a platform-wide event (everyone signed in)")
async def register_platform_event(event: PlatformEvent, unit: UoW, q: CalQ) -> RegistrationOut:
    return await _register(event, unit, q)


@router.delete("/events/{event_id}/registration", response_model=RegistrationOut,
               summary="Cancel my registration for a platform-wide event")
async def unregister_platform_event(event: PlatformEvent, unit: UoW) -> RegistrationOut:
    return await _unregister(event, unit)


@router.get("/events/{event_id}/registrations", response_model=AttendanceOut,
            summary="A platform-wide event's attendance list (operators)")
async def platform_attendance(event: PlatformManaged, q: CalQ) -> AttendanceOut:
    return await _attendance(event, q)


@router.put("/events/{event_id}/registrations/{user_id}/attended", response_model=RegistrationOut,
            summary="Mark whether a participant attended a platform-wide event (operators)")
async def mark_platform_attendance(user_id: str, event: PlatformManaged, body: AttendanceIn,
                                   unit: UoW) -> RegistrationOut:
    return await _mark(event, user_id, body, unit)


# -- the personal calendar feed ---------------------------------------------------------------------
def _feed_url(settings: CommunitiesSettings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/communities/calendar/feed/{token}.ics"


@router.post("/calendar/feed-token", status_code=status.HTTP_201_CREATED, response_model=FeedTokenOut,
             summary="Create (or rotate) the secret address of my calendar feed: the old one stops working")
async def rotate_feed_token(actor: CurrentActor, unit: UoW, settings: Settings) -> FeedTokenOut:
    token = await unit.handle(handlers.rotate_feed_token, handlers.RotateFeedToken(actor=actor))
    return FeedTokenOut(url=_feed_url(settings, token), created_at=_now())


@router.get("/calendar/feed-token", response_model=FeedStateOut,
            summary="Whether I have a calendar feed (its address is shown only when made)")
async def feed_token_state(actor: CurrentActor, q: CalQ) -> FeedStateOut:
    owner = await q.feed_token_of(actor.user_id)
    return FeedStateOut(active=owner is not None, created_at=owner.created_at if owner else None)


@router.delete("/calendar/feed-token", status_code=status.HTTP_204_NO_CONTENT,
               summary="Revoke my calendar feed: its address stops working")
async def revoke_feed_token(actor: CurrentActor, unit: UoW) -> Response:
    await unit.handle(handlers.revoke_feed_token, handlers.RevokeFeedToken(actor=actor))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/calendar/feed/{token}.ics", response_class=Response, responses=ICS,
            summary="A member's personal calendar (no sign-in: the secret address is the credential)")
async def personal_feed(token: str, q: CalQ, settings: Settings) -> Response:
    if len(token) > 200:
        raise Problem("No such calendar feed.", status=404, title="Not Found")
    owner = await q.feed_owner(handlers.hash_token(token))
    if owner is None:
        raise Problem("No such calendar feed.", status=404, title="Not Found")
    return _ics(await feed_calendar(q, owner.user_id, settings=settings), "calendar.ics")


async def feed_calendar(q: CalendarQueries, user_id: str, *, settings: CommunitiesSettings | None = None,
                        now: datetime | None = None) -> bytes:
    """The member's communities' events (read as an active member, now) and those they
    registered for that they may still read (platform-wide ones, open communities')."""
    now = now or _now()
    actor = Actor(user_id=user_id)  # no operator's reach through a feed
    readable = await q.readable_scopes(actor)
    events, registered = await q.feed_events(user_id, list(readable), now - FEED_HISTORY)
    others = {e.community_id for e in events if e.community_id and e.community_id not in readable}
    visible = {cid for cid, c in (await q.communities(list(others))).items() if Scope(actor=actor, community=c).can_read()}
    shown = [e for e in events if e.community_id in readable
             or (e.id in registered and (e.community_id is None or e.community_id in visible))]
    return ics.calendar_of(shown, name="Open Innovation",
                           url_of=(lambda x: _web_url(settings, x)) if settings else None)
