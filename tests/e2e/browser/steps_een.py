"""Steps an EEN operator (or someone who is not one) takes in the EEN console, by role and
label as they read them (it or en)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import Person

TEXT = {
    "it": {
        "nav": "Console EEN", "menu": "Apri il menu di navigazione", "title": "Console EEN",
        "status": "Stato del collegamento", "circuit_closed": "Chiuso: il POD risponde",
        "mode": {"full": "Completa: tutti i profili del POD",
                 "incremental": "Incrementale: solo i profili modificati dopo il checkpoint"},
        "start": "Avvia la sincronizzazione", "confirm_title": "Avviare la sincronizzazione?", "confirm": "Avvia",
        "progress": "Avanzamento della sincronizzazione", "running": "Sincronizzazione in corso.",
        "finished": "Sincronizzazione completata.", "completed": "Completata",
        "runs": "Ultime sincronizzazioni", "quarantine": "Quarantena", "show_excerpt": "Mostra l'estratto",
        "forbidden": "La console EEN è riservata agli operatori EEN.",
        "sign_in": "Accedi",
    },
    "en": {
        "nav": "EEN console", "menu": "Open the navigation menu", "title": "EEN console",
        "status": "Connection status", "circuit_closed": "Closed: the POD answers",
        "mode": {"full": "Full: every profile in the POD",
                 "incremental": "Incremental: only the profiles changed since the checkpoint"},
        "start": "Start a sync", "confirm_title": "Start the sync?", "confirm": "Start",
        "progress": "Sync progress", "running": "Sync in progress.",
        "finished": "Sync finished.", "completed": "Finished",
        "runs": "Latest syncs", "quarantine": "Quarantine", "show_excerpt": "Show the excerpt",
        "forbidden": "The EEN console is for EEN operators only.",
        "sign_in": "Sign in",
    },
}


def _text(person: Person) -> dict:
    return TEXT[person.language]


def open_console(person: Person) -> None:
    """From any page, by the navbar link (behind the menu on a phone), as an operator would."""
    text, page = _text(person), person.page
    if person.viewport == "phone":
        page.get_by_role("button", name=text["menu"]).click()
    page.get_by_role("navigation").get_by_role("link", name=text["nav"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    expect(page.get_by_role("heading", name=text["status"])).to_be_visible()


def open_console_in_app(person: Person) -> None:
    """Go to /een without reloading the page (a reload would end an in-memory session): what
    following a link to it does, for someone whose navbar has no such link."""
    person.page.evaluate("() => { history.pushState({}, '', '/een'); dispatchEvent(new PopStateEvent('popstate')); }")
    expect(person.page.get_by_role("heading", level=1)).to_have_text(_text(person)["title"])


def expect_status_panel(person: Person) -> None:
    text = _text(person)
    panel = person.page.get_by_role("region", name=text["status"])
    expect(panel.get_by_text(text["circuit_closed"])).to_be_visible()


def start_sync(person: Person, mode: str = "full") -> str:
    """Chooses the kind, starts, confirms; returns the id of the run the bridge started."""
    text, page = _text(person), person.page
    page.get_by_text(text["mode"][mode], exact=True).click()  # the label: the radio itself is drawn by it
    expect(page.get_by_label(text["mode"][mode])).to_be_checked()
    page.get_by_role("button", name=text["start"]).click()
    dialog = page.get_by_role("dialog", name=text["confirm_title"])
    expect(dialog).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/api/een/sync/runs") and r.request.method == "POST") as answer:
        dialog.get_by_role("button", name=text["confirm"], exact=True).click()
    assert answer.value.status == 202, answer.value.text()
    return answer.value.json()["id"]


def expect_run_in_progress(person: Person) -> None:
    text = _text(person)
    expect(person.page.get_by_role("progressbar", name=text["progress"])).to_be_visible()


def expect_run_finished(person: Person, timeout: float = 90) -> None:
    text, page = _text(person), person.page
    expect(page.get_by_role("status").filter(has_text=text["finished"])).to_be_attached(timeout=timeout * 1000)
    expect(page.get_by_role("progressbar", name=text["progress"])).to_have_attribute("aria-valuenow", "100")


def expect_latest_run_listed(person: Person) -> None:
    """The newest run listed (a table row; on a phone, a list entry) is a finished run."""
    text, page = _text(person), person.page
    if person.viewport == "phone":
        newest = page.get_by_role("list", name=text["runs"]).get_by_role("listitem").first
    else:
        newest = page.get_by_role("table", name=text["runs"]).get_by_role("row").nth(1)
    expect(newest.get_by_text(text["completed"], exact=True)).to_be_visible()


def expect_quarantined(person: Person, keys: list[str]) -> None:
    """Each of `keys` is listed in the quarantine; the first one's excerpt can be opened."""
    text, page = _text(person), person.page
    if person.viewport == "phone":
        listing = page.get_by_role("list", name=text["quarantine"])
        for key in keys:
            expect(listing.get_by_role("listitem").filter(has_text=key)).to_be_visible()
    else:
        listing = page.get_by_role("table", name=text["quarantine"])
        for key in keys:
            expect(listing.get_by_role("rowheader", name=re.compile(re.escape(key)))).to_be_visible()
    listing.get_by_text(text["show_excerpt"]).first.click()


def expect_not_allowed(person: Person) -> None:
    text, page = _text(person), person.page
    expect(page.get_by_role("alert").filter(has_text=text["forbidden"])).to_be_visible()
    expect(page.get_by_role("heading", name=text["status"])).to_have_count(0)
    expect(page.get_by_role("button", name=text["start"])).to_have_count(0)


def expect_sent_to_sign_in(person: Person) -> None:
    """Someone signed out who opens the console is sent to sign in (and brought back after)."""
    text, page = _text(person), person.page
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sign_in"])
