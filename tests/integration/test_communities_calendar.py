"""Events against the real database and broker: scheduling, registration with a waiting list
(no overbooking under concurrent registrations, FIFO promotion), the attendance list,
reminders (run_due with an explicit now, once), and the calendars parsed with `icalendar`:
one event, a community's calendar, the personal feed behind its secret address."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from communities.service_layer import calendar as calendar_handlers
from icalendar import Calendar
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
OPERATOR_ID = "events-desk-" + new_id()[-6:]
OPERATOR = ISSUER.headers(OPERATOR_ID, [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])


@pytest.fixture(scope="module")
async def app(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_calendar_it", periodic_interval_seconds=3600,
                                         public_base_url="https://oi.example.org"))
    async with running(app, ISSUER) as client:
        app.state.client = client
        yield app


@pytest.fixture
def client(app):
    return app.state.client


BOOTSTRAP: list[str] = []


@pytest.fixture(autouse=True)
def _bootstrap(infra):
    BOOTSTRAP[:] = [infra.kafka_bootstrap]


def as_(user_id: str, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id), **extra}


class World:
    def __init__(self, app, community: dict, owner: str, members: list[str]) -> None:
        self.app, self.community, self.owner, self.members = app, community, owner, members
        self.id = community["id"]

    def events(self, suffix: str = "") -> str:
        return f"/communities/{self.id}/events{suffix}"


async def world(app, *, visibility: str = "public", members: int = 3) -> World:
    client = app.state.client
    owner = new_id()
    body = {"name": f"Events room {new_id()[-12:]}", "description": "Meetings.", "visibility": visibility,
            "descriptors": ["s3:aerospace"]}
    response = await client.post("/communities", json=body, headers=as_(owner))
    assert response.status_code == 201, response.text
    community = response.json()
    people = [new_id() for _ in range(members)]
    for user in people:
        await app.state.runtime.db["memberships"].insert_one({
            "_id": new_id(), "community_id": community["id"], "user_id": user, "role": "member",
            "status": "active", "since": datetime.now(UTC), "version": 1})
    return World(app, community, owner, people)


def event(days: float = 10, **overrides) -> dict:
    starts = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    body = {"title": "Open day; robots, drones", "description": "Come **early**.\nBring a badge.",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "time_zone": "Europe/Rome", "place": "Turin, Via Roma 1"}
    body.update(overrides)
    return body


async def records(event_id: str, count: int, timeout: float = 15.0) -> list:
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_EVENT, lambda r: data_of(r).get("event_id") == event_id,
                            count=count, timeout=timeout)


def vevents(ics: bytes) -> list:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


# -- scheduling and reading ----------------------------------------------------------------------
async def test_a_manager_schedules_an_event_and_members_read_it(app, client):
    w = await world(app)
    made = await client.post(w.events(), json=event(), headers=as_(w.owner))
    assert made.status_code == 201, made.text
    e = made.json()
    assert made.headers["etag"] == '"v1"' and e["status"] == "scheduled" and e["time_zone"] == "Europe/Rome"
    assert "<strong>early</strong>" in e["description_html"] and e["can_manage"] is True
    listed = (await client.get(w.events(), headers=as_(w.members[0]))).json()["items"]
    assert [x["id"] for x in listed] == [e["id"]] and listed[0]["can_register"] is True
    assert (await client.get(w.events("?when=past"), headers=as_(w.members[0]))).json()["items"] == []
    [record] = await records(e["id"], 1)
    assert headers_of(record)["ce_type"] == "communities.event.scheduled.v1" and record.key == w.id.encode()


async def test_wall_clock_times_are_read_in_the_events_time_zone(app, client):
    w = await world(app)
    body = event(starts_at="2030-07-01T18:00:00", ends_at="2030-07-01T20:00:00", time_zone="Europe/Rome")
    e = (await client.post(w.events(), json=body, headers=as_(w.owner))).json()
    assert datetime.fromisoformat(e["starts_at"]) == datetime(2030, 7, 1, 16, 0, tzinfo=UTC)  # CEST: UTC+2


async def test_bad_input_is_refused_with_problems_never_a_500(app, client):
    w = await world(app)
    cases = [event(time_zone="Mars/Olympus"), event(online_url="http://insecure.example.org"),
             event(ends_at=event()["starts_at"]), event(days=-1), event(place=None)]
    for body in cases:
        assert is_problem(await client.post(w.events(), json=body, headers=as_(w.owner)), 409), body
    assert is_problem(await client.post(w.events(), json=event(capacity=0), headers=as_(w.owner)), 422)
    assert is_problem(await client.post(w.events(), json=event(), headers=as_(w.members[0])), 403)
    assert is_problem(await client.post(w.events(), json={"title": ""}, headers=as_(w.members[0])), 403)


async def test_edit_needs_if_match_and_cancel_tells_the_participants(app, client):
    w = await world(app)
    e = (await client.post(w.events(), json=event(), headers=as_(w.owner))).json()
    url = w.events(f"/{e['id']}")
    assert (await client.post(f"{url}/registration", headers=as_(w.members[0]))).json()["status"] == "registered"
    assert is_problem(await client.patch(url, json={"title": "New"}, headers=as_(w.owner)), 428)
    assert is_problem(await client.patch(url, json={"title": "New"}, headers=as_(w.owner, **{"If-Match": '"v9"'})),
                      412)
    done = await client.patch(url, json={"title": "New"}, headers=as_(w.owner, **{"If-Match": '"v1"'}))
    assert done.status_code == 200 and done.json()["title"] == "New" and done.headers["etag"] == '"v2"'
    cancelled = await client.post(f"{url}/cancel", headers=as_(w.owner))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert is_problem(await client.post(f"{url}/registration", headers=as_(w.members[1])), 409)
    got = await records(e["id"], 4)
    assert [headers_of(r)["ce_type"] for r in got] == [
        "communities.event.scheduled.v1", "communities.event.registration_changed.v1",
        "communities.event.scheduled.v1", "communities.event.cancelled.v1"]
    assert data_of(got[-1])["participant_ids"] == [w.members[0]]


# -- registration ----------------------------------------------------------------------------------
async def test_a_full_event_puts_members_on_a_waiting_list_promoted_first_in_first_out(app, client):
    w = await world(app, members=4)
    e = (await client.post(w.events(), json=event(capacity=2), headers=as_(w.owner))).json()
    url = w.events(f"/{e['id']}/registration")
    a, b, c, d = w.members
    got = [(await client.post(url, headers=as_(m))).json() for m in (a, b, c, d)]
    assert [(g["status"], g["position"]) for g in got] == [("registered", None), ("registered", None),
                                                           ("waiting", 1), ("waiting", 2)]
    again = (await client.post(url, headers=as_(c))).json()
    assert (again["status"], again["position"]) == ("waiting", 1)  # registering again changes nothing
    gone = await client.delete(url, headers=as_(a))
    assert gone.status_code == 200 and gone.json()["status"] == "cancelled"
    mine = (await client.get(w.events(f"/{e['id']}"), headers=as_(c))).json()
    assert mine["my_registration"]["status"] == "registered" and mine["registered_count"] == 2
    theirs = (await client.get(w.events(f"/{e['id']}"), headers=as_(d))).json()["my_registration"]
    assert (theirs["status"], theirs["position"]) == ("waiting", 1)
    attendance = await client.get(w.events(f"/{e['id']}/registrations"), headers=as_(w.owner))
    assert attendance.status_code == 200
    lists = attendance.json()
    assert [r["user_id"] for r in lists["registered"]] == [b, c]
    assert [r["user_id"] for r in lists["waiting"]] == [d] and [r["user_id"] for r in lists["cancelled"]] == [a]
    assert is_problem(await client.get(w.events(f"/{e['id']}/registrations"), headers=as_(b)), 403)
    marked = await client.put(w.events(f"/{e['id']}/registrations/{b}/attended"), json={"attended": True},
                              headers=as_(w.owner))
    assert marked.status_code == 200 and marked.json()["attended"] is True
    promoted = [data_of(r) for r in await records(e["id"], 7)
                if data_of(r).get("promoted")]
    assert [(p["user_id"], p["status"]) for p in promoted] == [(c, "registered")]


async def test_concurrent_registrations_never_overbook(app, client):
    w = await world(app, members=12)
    e = (await client.post(w.events(), json=event(capacity=3), headers=as_(w.owner))).json()
    url = w.events(f"/{e['id']}/registration")
    answers = await asyncio.gather(*(client.post(url, headers=as_(m)) for m in w.members))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    statuses = [a.json()["status"] for a in answers]
    assert statuses.count("registered") == 3 and statuses.count("waiting") == 9
    assert sorted(a.json()["position"] for a in answers if a.json()["status"] == "waiting") == list(range(1, 10))
    got = (await client.get(w.events(f"/{e['id']}"), headers=as_(w.owner))).json()
    assert (got["registered_count"], got["waiting_count"], got["seats_left"]) == (3, 9, 0)


async def test_only_members_register_and_registration_keeps_to_its_dates(app, client):
    w = await world(app)
    soon = datetime.now(UTC) + timedelta(days=1)
    e = (await client.post(w.events(), json=event(registration_opens_at=soon.isoformat()),
                           headers=as_(w.owner))).json()
    url = w.events(f"/{e['id']}/registration")
    assert is_problem(await client.post(url, headers=as_(new_id())), 403)  # open community, not a member
    assert is_problem(await client.post(url, headers=as_(w.members[0])), 409)  # not open yet
    assert is_problem(await client.delete(url, headers=as_(w.members[0])), 404)


# -- reminders ---------------------------------------------------------------------------------------
async def test_run_due_reminds_the_participants_once(app, client):
    w = await world(app)
    e = (await client.post(w.events(), json=event(days=3), headers=as_(w.owner))).json()
    await client.post(w.events(f"/{e['id']}/registration"), headers=as_(w.members[0]))
    uow = app.state.runtime.uow
    starts = datetime.fromisoformat(e["starts_at"])
    assert await calendar_handlers.run_due(uow, starts - timedelta(hours=30), hours=24) == 0
    results = await asyncio.gather(*(calendar_handlers.run_due(uow, starts - timedelta(hours=20), hours=24)
                                     for _ in range(3)))  # replicas racing
    assert sum(results) >= 1
    assert await calendar_handlers.run_due(uow, starts - timedelta(hours=19), hours=24) == 0
    # Three records are expected (scheduled, registration, reminder): wait for a fourth briefly.
    reminders = [r for r in await records(e["id"], 4, timeout=4.0)
                 if headers_of(r)["ce_type"] == "communities.event.reminder_due.v1"]
    assert len(reminders) == 1 and data_of(reminders[0])["participant_ids"] == [w.members[0]]


# -- calendars -----------------------------------------------------------------------------------------
async def test_one_event_as_ics_parses_with_its_time_zone_and_escaped_text(app, client):
    w = await world(app)
    e = (await client.post(w.events(), json=event(online_url="https://meet.example.org/x"),
                           headers=as_(w.owner))).json()
    response = await client.get(w.events(f"/{e['id']}.ics"), headers=as_(w.members[0]))
    assert response.status_code == 200 and response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"SUMMARY:Open day\\; robots\\, drones" in response.content  # RFC 5545 text escaping
    cal = Calendar.from_ical(response.content)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]).startswith(e["id"]) and str(vevent["SUMMARY"]) == "Open day; robots, drones"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Rome"
    assert vevent.decoded("DTSTART") == datetime.fromisoformat(e["starts_at"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert str(vevent["STATUS"]) == "CONFIRMED" and "https://meet.example.org/x" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == f"https://oi.example.org/communities/{w.id}/events/{e['id']}"


async def test_a_closed_communitys_calendar_does_not_exist_for_others(app, client):
    w = await world(app, visibility="closed")
    e = (await client.post(w.events(), json=event(), headers=as_(w.owner))).json()
    assert is_problem(await client.get(f"/communities/{w.id}/calendar.ics", headers=as_(new_id())), 404)
    assert is_problem(await client.get(w.events(f"/{e['id']}.ics"), headers=as_(new_id())), 404)
    response = await client.get(f"/communities/{w.id}/calendar.ics", headers=as_(w.members[0]))
    assert [str(v["UID"]).split("@")[0] for v in vevents(response.content)] == [e["id"]]


async def test_the_personal_feed_follows_memberships_and_registrations_at_request_time(app, client):
    open_, closed = await world(app), await world(app, visibility="closed")
    member = open_.members[0]
    await app.state.runtime.db["memberships"].insert_one({
        "_id": new_id(), "community_id": closed.id, "user_id": member, "role": "member", "status": "active",
        "since": datetime.now(UTC), "version": 1})
    in_open = (await client.post(open_.events(), json=event(), headers=as_(open_.owner))).json()
    in_closed = (await client.post(closed.events(), json=event(), headers=as_(closed.owner))).json()
    platform = (await client.post("/events", json=event(title="Regional day"), headers=OPERATOR)).json()
    unregistered = (await client.post("/events", json=event(title="Other day"), headers=OPERATOR)).json()
    assert (await client.post(f"/events/{platform['id']}/registration", headers=as_(member))).status_code == 200
    cancelled = (await client.post(open_.events(), json=event(title="Called off"), headers=as_(open_.owner))).json()
    await client.post(open_.events(f"/{cancelled['id']}/cancel"), headers=as_(open_.owner))

    assert (await client.post("/calendar/feed-token", headers={})).status_code == 401
    made = await client.post("/calendar/feed-token", headers=as_(member))
    assert made.status_code == 201
    url = made.json()["url"]
    assert url.startswith("https://oi.example.org/api/communities/calendar/feed/") and url.endswith(".ics")
    path = "/calendar/" + url.split("/calendar/", 1)[1]
    feed = await client.get(path)  # no sign-in
    assert feed.status_code == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    by_uid = {str(v["UID"]).split("@")[0]: v for v in vevents(feed.content)}
    assert {in_open["id"], in_closed["id"], platform["id"], cancelled["id"]} <= set(by_uid)
    assert unregistered["id"] not in by_uid
    assert str(by_uid[cancelled["id"]]["STATUS"]) == "CANCELLED"
    again = {str(v["UID"]) for v in vevents((await client.get(path)).content)}
    assert {str(v["UID"]) for v in by_uid.values()} == again  # UIDs are stable

    # Leaving the closed community takes its events out of the feed at once.
    await app.state.runtime.db["memberships"].update_one({"community_id": closed.id, "user_id": member},
                                                         {"$set": {"status": "left"}})
    uids = {str(v["UID"]).split("@")[0] for v in vevents((await client.get(path)).content)}
    assert in_closed["id"] not in uids and in_open["id"] in uids

    state = (await client.get("/calendar/feed-token", headers=as_(member))).json()
    assert state["active"] is True
    rotated = (await client.post("/calendar/feed-token", headers=as_(member))).json()["url"]
    assert rotated != url and is_problem(await client.get(path), 404)
    new_path = "/calendar/" + rotated.split("/calendar/", 1)[1]
    assert (await client.get(new_path)).status_code == 200
    assert (await client.delete("/calendar/feed-token", headers=as_(member))).status_code == 204
    assert is_problem(await client.get(new_path), 404)
    assert (await client.get("/calendar/feed-token", headers=as_(member))).json()["active"] is False
    stored = await app.state.runtime.db["calendar_feed_tokens"].find_one({"_id": member})
    assert stored is None
