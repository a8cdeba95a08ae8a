"""Authorisation matrix rows of calendar (community and platform-wide events, registrations,
.ics calendars, the personal feed). Expected statuses in ACTORS order: anonymous, non_member,
pending, invited, member, author, moderator, owner, operator.

Reading (events, their .ics, the community's calendar) follows the community's access type
(open: everyone signed in; private: members, others 403; closed: members, invited 403, others
404). Scheduling, changing, cancelling and the attendance list are the managers' (owner,
moderators). Registering is the members' (whoever takes part: an open community's non-members
read its events but do not register). Cancelling a registration one does not hold: 404.
Platform events: read and registered for by everyone signed in, managed by operators. The
personal feed token is every signed-in member's own; a feed address nobody holds: 404 to all."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.authz.matrix import Env, Fixture, Row, same


def _body(title: str = "Matrix meeting") -> dict:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
    return {"title": title, "description": "Agenda **inside**.", "time_zone": "Europe/Rome", "place": "Turin",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat(), "capacity": 50}


def event_body(env: Env) -> dict:
    return _body()


async def _schedule(env: Env, path: str, actor: str) -> str:
    response = await env.client.post(path, json=_body(), headers=env.headers(actor))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def event(env: Env) -> str:
    return await _schedule(env, f"/communities/{env.community_id}/events", "owner")


async def platform_event(env: Env) -> str:
    return await _schedule(env, "/events", "operator")


FIXTURES: dict[str, Fixture] = {"event": event, "platform_event": platform_event}

C = "/communities/{community}/events"
ANY = {"If-Match": "*"}

#                anon non  pend inv  mem  auth mod  own  op
READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
        "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
        "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


def _members(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "private": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "closed": (401, 404, 404, 403, ok, ok, ok, ok, 404)}


PLATFORM_READ = same(401, 200, 200, 200, 200, 200, 200, 200, 200)


def _operators(ok: int) -> dict[str, tuple[int, ...]]:
    return same(401, 403, 403, 403, 403, 403, 403, 403, ok)


ROWS: list[Row] = [
    # -- community events
    Row("list community events", "GET", C, READ),
    Row("list past community events", "GET", C + "?when=past", READ),
    Row("schedule a community event", "POST", C, _managers(201), body=event_body),
    Row("read a community event", "GET", C + "/{event}", READ, needs=("event",)),
    Row("a community event as .ics", "GET", C + "/{event}.ics", READ, needs=("event",)),
    Row("the community's calendar", "GET", "/communities/{community}/calendar.ics", READ),
    Row("edit a community event", "PATCH", C + "/{event}", _managers(200), needs=("event",),
        body={"title": "Matrix meeting (moved)"}, headers=ANY),
    Row("cancel a community event", "POST", C + "/{event}/cancel", _managers(200), needs=("event",), fresh=True),
    Row("register for a community event", "POST", C + "/{event}/registration", _members(200), needs=("event",),
        fresh=True),
    Row("cancel a registration not held", "DELETE", C + "/{event}/registration", _members(404), needs=("event",)),
    Row("a community event's attendance list", "GET", C + "/{event}/registrations", _managers(200),
        needs=("event",)),
    Row("mark attendance of someone not registered", "PUT", C + "/{event}/registrations/nobody/attended",
        _managers(404), needs=("event",), body={"attended": True}),
    # -- platform-wide events
    Row("list platform events", "GET", "/events", PLATFORM_READ, platform=True),
    Row("list my events everywhere", "GET", "/events?scope=all", PLATFORM_READ, platform=True),
    Row("schedule a platform event", "POST", "/events", _operators(201), body=event_body, platform=True),
    Row("read a platform event", "GET", "/events/{platform_event}", PLATFORM_READ, needs=("platform_event",),
        platform=True),
    Row("a platform event as .ics", "GET", "/events/{platform_event}.ics", PLATFORM_READ,
        needs=("platform_event",), platform=True),
    Row("edit a platform event", "PATCH", "/events/{platform_event}", _operators(200), needs=("platform_event",),
        body={"title": "Regional day (moved)"}, headers=ANY, platform=True),
    Row("cancel a platform event", "POST", "/events/{platform_event}/cancel", _operators(200),
        needs=("platform_event",), fresh=True, platform=True),
    Row("register for a platform event", "POST", "/events/{platform_event}/registration", PLATFORM_READ,
        needs=("platform_event",), fresh=True, platform=True),
    Row("a platform event's attendance list", "GET", "/events/{platform_event}/registrations", _operators(200),
        needs=("platform_event",), platform=True),
    Row("cancel a platform registration not held", "DELETE", "/events/{platform_event}/registration",
        same(401, 404, 404, 404, 404, 404, 404, 404, 404), needs=("platform_event",), platform=True),
    Row("mark attendance of someone not registered for a platform event", "PUT",
        "/events/{platform_event}/registrations/nobody/attended", _operators(404), needs=("platform_event",),
        body={"attended": True}, platform=True),
    # -- the personal calendar feed
    Row("create or rotate my feed token", "POST", "/calendar/feed-token",
        same(401, 201, 201, 201, 201, 201, 201, 201, 201), platform=True),
    Row("whether I have a feed", "GET", "/calendar/feed-token", PLATFORM_READ, platform=True),
    Row("revoke my feed token", "DELETE", "/calendar/feed-token", same(401, 204, 204, 204, 204, 204, 204, 204, 204),
        platform=True),
    Row("a feed address nobody holds", "GET", "/calendar/feed/not-a-token.ics",
        same(404, 404, 404, 404, 404, 404, 404, 404, 404), platform=True),
]
