"""Steps in the news pages (the platform's /news and a community's news section), by role
and label as a person reads them, in Italian or English."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

ROOT = Path(__file__).resolve().parents[3]
ROME = ZoneInfo("Europe/Rome")

TEXT = {
    "it": {
        "title": "Notizie", "write": "Scrivi una notizia", "new": "Nuova notizia", "edit": "Modifica",
        "f_title": "Titolo", "f_summary": "Sommario", "f_body": "Testo", "f_category": "Categoria",
        "f_publish": "Pubblicazione (ora italiana)", "f_withdraw": "Ritiro automatico (ora italiana)",
        "f_cover": "Immagine di copertina", "f_highlighted": "In evidenza",
        "save_publish": "Salva e pubblica", "save_submit": "Salva e invia per la validazione",
        "save_draft": "Salva come bozza", "saved": "Notizia salvata.", "title_missing": "Scrivi un titolo.",
        "approve": "Approva e pubblica", "approved": "Notizia approvata.", "reject": "Rimanda all'autore",
        "reason": "Motivo (lo leggerà l'autore)", "reject_send": "Rimanda in bozza",
        "rejected": "Rimandata in bozza dal gestore:", "publish": "Pubblica", "submit": "Invia per la validazione",
        "waiting": "La notizia attende la validazione di un gestore della comunità.",
        "status": "Stato", "to_validate": "Da validare", "scheduled": "Programmata", "back": "Torna alle notizie",
        "highlighted": "In evidenza", "categories": {"call_for_funding": "Bando di finanziamento",
                                                      "success_story": "Storia di successo"},
        "withdraw": "Ritira ora", "withdrawn": "Notizia ritirata.", "empty": "Non ci sono ancora notizie pubblicate.",
    },
    "en": {
        "title": "News", "write": "Write an article", "new": "New article", "edit": "Edit",
        "f_title": "Title", "f_summary": "Summary", "f_body": "Text", "f_category": "Category",
        "f_publish": "Publication (Italian time)", "f_withdraw": "Automatic withdrawal (Italian time)",
        "f_cover": "Cover image", "f_highlighted": "Highlighted",
        "save_publish": "Save and publish", "save_submit": "Save and submit for validation",
        "save_draft": "Save as draft", "saved": "Article saved.", "title_missing": "Write a title.",
        "approve": "Approve and publish", "approved": "Article approved.", "reject": "Send back to the author",
        "reason": "Reason (the author will read it)", "reject_send": "Send back to draft",
        "rejected": "Sent back to draft by a manager:", "publish": "Publish", "submit": "Submit for validation",
        "waiting": "The article is waiting for a community manager to validate it.",
        "status": "Status", "to_validate": "To validate", "scheduled": "Scheduled", "back": "Back to the news",
        "highlighted": "Highlighted", "categories": {"call_for_funding": "Call for funding",
                                                      "success_story": "Success story"},
        "withdraw": "Withdraw now", "withdrawn": "Article withdrawn.", "empty": "No news has been published yet.",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def png(width: int = 64, height: int = 32) -> bytes:
    """A real PNG of one colour (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x00\x66\xcc" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def grant_platform_operator(platform, email: str) -> None:
    """As ops would: the profiles CLI grants the role; it is in the tokens of sessions opened after."""
    subprocess.run([sys.executable, "-m", "profiles.cli", "grant-role", email, "platform_operator"], check=True,
                   env={**os.environ, "MONGO_URL": platform.mongo_url, "MONGO_DB": "profiles"}, cwd=ROOT)


def rome_local(at: datetime) -> str:
    """What a datetime-local input holds for that instant on an Italian clock."""
    return at.astimezone(ROME).strftime("%Y-%m-%dT%H:%M")


def next_minute_at_least(seconds: int) -> datetime:
    """The first whole minute at least `seconds` from now (datetime-local has no seconds)."""
    at = datetime.now(ROME) + timedelta(seconds=seconds)
    return (at + timedelta(minutes=1)).replace(second=0, microsecond=0)


def open_platform_news(person: Person) -> None:
    go_in_app(person, "/news")
    expect(person.page.get_by_role("heading", level=1, name=text(person)["title"])).to_be_visible()


def open_community_news(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}/news")
    expect(person.page.get_by_role("heading", name=text(person)["title"], exact=True)).to_be_visible()


def start_article(person: Person) -> None:
    person.page.get_by_role("link", name=text(person)["write"]).click()
    expect(person.page.get_by_role("heading", name=text(person)["new"])).to_be_visible()


def fill_article(person: Person, title: str, body: str, *, summary: str = "", category: str | None = None,
                 publish_at: datetime | None = None, withdraw_at: datetime | None = None,
                 cover: Path | None = None, highlighted: bool = False) -> None:
    t = text(person)
    form = person.page.get_by_role("main")
    form.get_by_label(t["f_title"], exact=True).fill(title)
    if summary:
        form.get_by_label(t["f_summary"]).fill(summary)
    form.get_by_label(t["f_body"]).fill(body)
    if category:
        form.get_by_label(t["f_category"]).select_option(category)
    if publish_at:
        form.get_by_label(t["f_publish"]).fill(rome_local(publish_at))
    if withdraw_at:
        form.get_by_label(t["f_withdraw"]).fill(rome_local(withdraw_at))
    if cover:
        form.get_by_label(t["f_cover"]).set_input_files(str(cover))
    if highlighted:
        form.get_by_text(t["f_highlighted"], exact=True).click()


def save(person: Person, button: str) -> None:
    """`button`: save_publish, save_submit or save_draft; returns on the article's page."""
    t = text(person)
    person.page.get_by_role("button", name=t[button]).click()
    expect(person.page.get_by_role("status").filter(has_text=t["saved"])).to_be_visible()


def open_article(person: Person, title: str) -> None:
    person.page.get_by_role("link", name=title, exact=True).click()
    expect(person.page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def back_to_list(person: Person) -> None:
    person.page.get_by_role("link", name=text(person)["back"]).click()


def expect_listed(person: Person, title: str, timeout_ms: int = 5_000) -> None:
    expect(person.page.get_by_role("list", name=text(person)["title"]).get_by_role(
        "link", name=title, exact=True)).to_be_visible(timeout=timeout_ms)


def list_titles(person: Person) -> list[str]:
    return person.page.get_by_role("list", name=text(person)["title"]).get_by_role("link").all_inner_texts()
