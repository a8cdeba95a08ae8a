"""Live notifications in a real browser: Alice's inbox is open when Bob publishes a proposal
that matches her interests; it appears on top and her badge counts it, without a reload."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from servicekit.ids import new_id
from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_inbox import (
    TEXT, expect_badge, expect_notification, mark_all_read, mark_read, open_inbox,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def publish(bob, title: str, descriptor: str) -> str:
    response = bob.post("/proposals/proposals", json={
        "kind": "technology_request", "title": title, "summary": "We look for a research partner.",
        "descriptors": [descriptor], "deadline": (date.today() + timedelta(days=90)).isoformat()},
        headers={"Idempotency-Key": new_id()})
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_matching_proposal_appears_live_in_the_open_inbox(people, member, language):
    alice, bob = member("Alice", language), member("Bob")
    alice.set_interests(["s3:aerospace"])
    person = people(language)
    sign_in(person, alice.email, PASSWORD)
    open_inbox(person)
    expect(person.page.get_by_text(TEXT[language]["empty"])).to_be_visible()
    expect_badge(person, 0)
    check_page(person, "inbox-empty")

    first, second = (f"Composite wing ribs {new_id()[-6:]}", f"Drone corridors {new_id()[-6:]}")
    publish(bob, first, "s3c:aerospace-01")
    expect_notification(person, first, unread=True)  # live: no reload
    expect_badge(person, 1)
    publish(bob, second, "s3:aerospace")
    expect_notification(person, second, unread=True)
    expect_badge(person, 2)
    items = person.page.get_by_role("main").get_by_role("listitem")
    expect(items.first).to_contain_text(second)  # newest on top
    check_page(person, "inbox")

    mark_read(person, first)
    expect_notification(person, first, unread=False)
    expect_badge(person, 1)
    mark_all_read(person)
    expect_notification(person, second, unread=False)
    expect_badge(person, 0)

    # Each notification leads to what it is about.
    person.page.get_by_role("link", name=second).click()
    expect(person.page).to_have_url(re.compile(r"/proposals/[0-9a-f-]+$"))


def test_the_inbox_on_a_phone(people, member):
    alice, bob = member("Alice"), member("Bob")
    alice.set_interests(["s3:agrifood"])
    publish(bob, f"Precision irrigation {new_id()[-6:]}", "s3:agrifood")
    person = people("it", phone=True)
    sign_in(person, alice.email, PASSWORD)
    open_inbox(person)
    expect(person.page.get_by_role("main").get_by_role("listitem")).to_have_count(1)
    check_page(person, "inbox-phone")
