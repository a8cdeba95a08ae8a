"""Steps a signed-in person takes with their notifications, by role and label (it or en)."""
from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.support.browser import Person

TEXT = {
    "it": {"inbox": "Notifiche", "mark_read": "Segna come letta", "mark_all_read": "Segna tutte come lette",
           "all_read": "Hai letto tutte le notifiche.", "marked_read": "Notifica segnata come letta.",
           "unread": "Da leggere", "empty": "Non hai ancora notifiche.",
           "matched": "Una nuova proposta corrisponde ai tuoi interessi: «{title}»",
           "unread_count": {1: "1 notifica non letta", "n": "{n} notifiche non lette"}},
    "en": {"inbox": "Notifications", "mark_read": "Mark as read", "mark_all_read": "Mark all as read",
           "all_read": "You have read all your notifications.", "marked_read": "Notification marked as read.",
           "unread": "Unread", "empty": "You have no notifications yet.",
           "matched": "A new proposal matches your interests: “{title}”",
           "unread_count": {1: "1 unread notification", "n": "{n} unread notifications"}},
}


def unread_text(person: Person, n: int) -> str:
    forms = TEXT[person.language]["unread_count"]
    return forms[1] if n == 1 else forms["n"].format(n=n)


def inbox_link(person: Person) -> Locator:
    """The header's link to the inbox, the one in sight: the navbar's on a desktop, the bell on a
    phone, where the navbar folds away (its name ends with the unread count, when there is one)."""
    name = re.compile(f"^{re.escape(TEXT[person.language]['inbox'])}")
    return person.page.get_by_role("banner").get_by_role("link", name=name).filter(visible=True)


def expect_badge(person: Person, unread: int) -> None:
    """The navbar says how many are unread (nothing at 0)."""
    name = TEXT[person.language]["inbox"] + (f" {unread_text(person, unread)}" if unread else "")
    expect(inbox_link(person)).to_have_accessible_name(name)


def open_inbox(person: Person) -> None:
    """By the navbar link (no reload), on a phone through the menu."""
    page = person.page
    inbox_link(person).click()
    expect(page.get_by_role("heading", level=1, name=TEXT[person.language]["inbox"])).to_be_visible()


def notification(person: Person, proposal_title: str) -> Locator:
    """The inbox entry about a proposal matching the person's interests."""
    headline = TEXT[person.language]["matched"].format(title=proposal_title)
    return person.page.get_by_role("main").get_by_role("listitem").filter(
        has=person.page.get_by_role("heading", name=headline))


def expect_notification(person: Person, proposal_title: str, *, unread: bool) -> Locator:
    entry = notification(person, proposal_title)
    expect(entry).to_be_visible()
    label = entry.get_by_text(TEXT[person.language]["unread"], exact=True)
    expect(label).to_be_visible() if unread else expect(label).to_have_count(0)
    return entry


def mark_read(person: Person, proposal_title: str) -> None:
    entry = notification(person, proposal_title)
    entry.get_by_role("button", name=re.compile(f"^{re.escape(TEXT[person.language]['mark_read'])}")).click()
    expect(person.page.get_by_role("status").filter(has_text=TEXT[person.language]["marked_read"])).to_be_visible()


def mark_all_read(person: Person) -> None:
    person.page.get_by_role("button", name=TEXT[person.language]["mark_all_read"]).click()
    expect(person.page.get_by_role("status").filter(has_text=TEXT[person.language]["all_read"])).to_be_visible()
