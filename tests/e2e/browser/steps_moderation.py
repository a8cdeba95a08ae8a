"""Steps in a community's moderation section (`/communities/:id/moderation`, its managers'),
by role and label as a person reads them, in Italian or English; and the reports members
send, through the API (as the report button does)."""
from __future__ import annotations

from playwright.sync_api import Locator, expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

TEXT = {
    "it": {
        "title": "Moderazione", "show": "Mostra", "pending": "Nascosto in attesa di revisione",
        "hidden": "Nascosto da un moderatore", "reports": "{n} segnalazioni", "restore": "Ripristina",
        "hide": "Nascondi", "remove": "Rimuovi", "reason": "Motivo (lo leggerà l'autore)",
        "reason_missing": "Per nascondere o rimuovere un contenuto scrivi il motivo.",
        "restored": "ripristinato, segnalazioni chiuse.", "hidden_done": "nascosto. L'autore ne è informato.",
        "empty": "Nessun contenuto da esaminare.", "spam": "Spam o pubblicità", "kind_news": "Notizia",
        "kind_post": "Discussione", "reported_by": "Segnalato da",
    },
    "en": {
        "title": "Moderation", "show": "Show", "pending": "Hidden pending review",
        "hidden": "Hidden by a moderator", "reports": "{n} reports", "restore": "Restore",
        "hide": "Hide", "remove": "Remove", "reason": "Reason (the author will read it)",
        "reason_missing": "Write the reason to hide or remove content.",
        "restored": "restored, reports closed.", "hidden_done": "hidden. Its author has been told.",
        "empty": "Nothing to review.", "spam": "Spam or advertising", "kind_news": "News",
        "kind_post": "Topic", "reported_by": "Reported by",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def report(member, community_id: str, kind: str, content_id: str, category: str = "spam",
           words: str = "Advertising") -> dict:
    """What the report button sends, as that member."""
    response = member.post(f"/communities/communities/{community_id}/reports",
                           json={"kind": kind, "content_id": content_id, "category": category, "text": words})
    assert response.status_code == 201, response.text
    return response.json()


def open_moderation(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}/moderation")
    expect(person.page.get_by_role("heading", level=2, name=text(person)["title"], exact=True)).to_be_visible()


def queue_item(person: Person, title: str) -> Locator:
    """The card of one reported item in the queue."""
    return person.page.locator(".moderation-item").filter(
        has=person.page.get_by_role("heading", name=title, exact=True))


def show(person: Person, which: str) -> None:
    """which: open (to review) or decided (hidden and removed)."""
    person.page.get_by_label(text(person)["show"], exact=True).select_option(which)


def restore(person: Person, title: str) -> None:
    queue_item(person, title).get_by_role("button", name=text(person)["restore"], exact=True).click()
    expect(person.page.get_by_role("status").filter(has_text=text(person)["restored"])).to_be_visible()


def hide(person: Person, title: str, reason: str) -> None:
    item = queue_item(person, title)
    item.get_by_label(text(person)["reason"]).fill(reason)
    item.get_by_role("button", name=text(person)["hide"], exact=True).click()
    expect(person.page.get_by_role("status").filter(has_text=text(person)["hidden_done"])).to_be_visible()
