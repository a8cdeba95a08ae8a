"""Steps in the calendar pages (a community's events section and the platform's /events), by
role and label as a person reads them, in Italian or English."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

ROME = ZoneInfo("Europe/Rome")

TEXT = {
    "it": {
        "title": "Eventi", "schedule": "Programma un evento", "new": "Programma un evento", "f_title": "Titolo",
        "f_description": "Descrizione", "f_starts": "Inizio", "f_ends": "Fine", "f_place": "Luogo",
        "f_capacity": "Posti", "submit": "Programma", "saved": "L'evento è salvato.", "register": "Iscriviti",
        "registered": "Sei iscritto.", "join_waiting": "Mettiti in lista d'attesa",
        "waiting": "L'evento è al completo: sei in lista d'attesa.", "position": "Sei in lista d'attesa: numero 1.",
        "attendance": "Elenco dei partecipanti", "title_missing": "Dai un titolo all'evento.",
        "add": "Aggiungi al calendario (.ics)", "feed_create": "Crea l'indirizzo del mio calendario",
        "feed_url": "Indirizzo del calendario", "feed_rotate": "Crea un nuovo indirizzo", "results": "Eventi",
    },
    "en": {
        "title": "Events", "schedule": "Schedule an event", "new": "Schedule an event", "f_title": "Title",
        "f_description": "Description", "f_starts": "Starts", "f_ends": "Ends", "f_place": "Place",
        "f_capacity": "Seats", "submit": "Schedule", "saved": "The event is saved.", "register": "Register",
        "registered": "You are registered.", "join_waiting": "Join the waiting list",
        "waiting": "The event is full: you are on the waiting list.", "position": "You are on the waiting list: number 1.",
        "attendance": "Attendance list", "title_missing": "Give the event a title.",
        "add": "Add to calendar (.ics)", "feed_create": "Create my feed address", "feed_url": "Feed address",
        "feed_rotate": "Make a new address", "results": "Events",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def rome_local(at: datetime) -> str:
    return at.astimezone(ROME).strftime("%Y-%m-%dT%H:%M")


def open_community_events(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}/events")
    expect(person.page.get_by_role("heading", name=text(person)["title"], exact=True)).to_be_visible()


def open_platform_events(person: Person) -> None:
    go_in_app(person, "/events")
    expect(person.page.get_by_role("heading", level=1, name=text(person)["title"])).to_be_visible()


def start_event(person: Person) -> None:
    person.page.get_by_role("link", name=text(person)["schedule"]).click()
    expect(person.page.get_by_role("heading", name=text(person)["new"])).to_be_visible()


def fill_event(person: Person, title: str, *, days: int = 7, place: str = "Torino, Via Roma 1",
               capacity: int | None = None, description: str = "") -> None:
    t = text(person)
    form = person.page.get_by_role("main")
    starts = (datetime.now(ROME) + timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)
    form.get_by_label(t["f_title"], exact=True).fill(title)
    if description:
        form.get_by_label(t["f_description"]).fill(description)
    form.get_by_label(t["f_starts"], exact=True).fill(rome_local(starts))
    form.get_by_label(t["f_ends"], exact=True).fill(rome_local(starts + timedelta(hours=2)))
    form.get_by_label(t["f_place"], exact=True).fill(place)
    if capacity is not None:
        form.get_by_label(t["f_capacity"], exact=True).fill(str(capacity))


def submit_event(person: Person) -> None:
    t = text(person)
    person.page.get_by_role("button", name=t["submit"], exact=True).click()
    expect(person.page.get_by_role("status").filter(has_text=t["saved"])).to_be_visible()


def open_event(person: Person, title: str) -> None:
    person.page.get_by_role("list", name=text(person)["results"]).get_by_role("link", name=title, exact=True).click()
    expect(person.page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def register(person: Person, *, waiting: bool = False) -> None:
    t = text(person)
    person.page.get_by_role("button", name=t["join_waiting" if waiting else "register"], exact=True).click()
    expect(person.page.get_by_role("status").filter(has_text=t["waiting" if waiting else "registered"])).to_be_visible()
