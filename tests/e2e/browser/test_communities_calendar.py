"""Events in a real browser: a community's owner schedules an event with one seat, a member
registers, the next joins the waiting list (told their place), the owner sees the attendance
list; a member makes the secret address of their calendar feed and a calendar app (no sign-in)
reads the event from it. Italian and English, a phone too."""
from __future__ import annotations

from icalendar import Calendar
from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_calendar import (
    fill_event,
    open_community_events,
    open_event,
    open_platform_events,
    register,
    start_event,
    submit_event,
    text,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def _community(owner, *others, marker: str) -> str:
    created = owner.post("/communities/communities", json={
        "name": f"Robotica in Piemonte {marker}", "description": "Incontri e laboratori.",
        "visibility": "public", "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    for person in others:
        joined = person.post(f"/communities/communities/{community_id}/members")
        assert joined.status_code == 201, joined.text
    return community_id


def test_members_register_and_wait_for_a_full_event_in_italian(people, member):
    marker = new_id()[-8:]
    bianca, carla, dario = member("Bianca Titolare"), member("Carla Iscritta"), member("Dario Attesa")
    community_id = _community(bianca, carla, dario, marker=marker)
    title = f"Laboratorio di robotica {marker}"

    owner = people("it")
    sign_in(owner, bianca.email, PASSWORD)
    open_community_events(owner, community_id)
    check_page(owner, "calendar-community-list-owner")
    start_event(owner)
    owner.page.get_by_role("button", name=text(owner)["submit"], exact=True).click()  # empty: told, nothing sent
    expect(owner.page.get_by_text(text(owner)["title_missing"])).to_be_visible()
    fill_event(owner, title, capacity=1, description="Porta il **tuo** robot.")
    check_page(owner, "calendar-community-editor")
    submit_event(owner)
    expect(owner.page.get_by_role("article").locator("strong", has_text="tuo")).to_be_visible()
    check_page(owner, "calendar-community-event-owner")

    first = people("it", phone=True)
    sign_in(first, carla.email, PASSWORD)
    open_community_events(first, community_id)
    open_event(first, title)
    register(first)
    expect(first.page.get_by_role("button", name=text(first)["add"])).to_be_visible()
    check_page(first, "calendar-community-event-registered-phone")

    second = people("it")
    sign_in(second, dario.email, PASSWORD)
    open_community_events(second, community_id)
    open_event(second, title)
    register(second, waiting=True)
    expect(second.page.get_by_text(text(second)["position"], exact=False)).to_be_visible()
    check_page(second, "calendar-community-event-waiting")

    owner.page.reload()
    attendance = owner.page.get_by_role("region", name=text(owner)["attendance"])
    expect(attendance.get_by_role("link", name="Carla Iscritta")).to_be_visible()
    expect(attendance.get_by_role("link", name="Dario Attesa")).to_be_visible()
    check_page(owner, "calendar-community-attendance")


def test_a_member_subscribes_to_their_calendar_feed_in_english(people, member, gateway):
    marker = new_id()[-8:]
    olga, mario = member("Olga Owner", "en"), member("Mario Member", "en")
    community_id = _community(olga, mario, marker=marker)
    title = f"Drone meetup {marker}"

    owner = people("en")
    sign_in(owner, olga.email, PASSWORD)
    open_community_events(owner, community_id)
    start_event(owner)
    fill_event(owner, title, days=3)
    submit_event(owner)

    reader = people("en")
    sign_in(reader, mario.email, PASSWORD)
    open_platform_events(reader)
    expect(reader.page.get_by_role("link", name=title, exact=True)).to_be_visible()  # my communities' events too
    reader.page.get_by_role("button", name=text(reader)["feed_create"]).click()
    address = reader.page.get_by_label(text(reader)["feed_url"])
    expect(address).to_be_visible()
    url = address.input_value()
    assert "/api/communities/calendar/feed/" in url and url.endswith(".ics")
    expect(reader.page.get_by_role("button", name=text(reader)["feed_rotate"])).to_be_visible()
    check_page(reader, "calendar-platform-feed")

    feed = gateway.get("/" + url.split("/api/", 1)[1])  # a calendar app: no sign-in
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert title in summaries
