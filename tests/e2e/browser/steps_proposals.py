"""Steps a member takes with proposals and expressions of interest, by role and label as they
read them (it or en). Each works from the page the previous one left the person on, through
in-app links (a reload would end an in-memory session)."""
from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.support.browser import Person

TEXT = {
    "it": {
        "menu": "Apri il menu di navigazione", "nav": "Proposte", "nav_interests": "Manifestazioni di interesse",
        "list_title": "Proposte", "new": "Pubblica una proposta", "new_title": "Nuova proposta",
        "kind": "Tipo di proposta", "title": "Titolo", "summary": "Sintesi", "description": "Descrizione",
        "topics": "Temi", "share": "Condividi con la rete Enterprise Europe Network", "publish": "Pubblica la proposta",
        "published": "Proposta pubblicata.", "edit": "Modifica", "edit_title": "Modifica la proposta",
        "save": "Salva le modifiche", "saved": "Modifiche salvate.",
        "changed_meanwhile": "La proposta è stata modificata nel frattempo", "reload": "Carica la versione aggiornata",
        "search": "Parole nel titolo o nella sintesi", "filter_kind": "Tipo", "filter_source": "Provenienza",
        "submit_search": "Cerca", "message": "Messaggio al proponente", "express": "Manifesta interesse",
        "sent": "Manifestazione di interesse inviata.",
        "status": {"pending": "In attesa", "accepted": "Accettata", "declined": "Rifiutata"},
        "accept_from": "Accetta l'interesse di {name}", "accepted": "Manifestazione di interesse accettata.",
        "tab_received": "Ricevute", "tab_sent": "Inviate", "close": "Chiudi la proposta",
        "close_confirm": "Sì, chiudi la proposta", "closed": "Proposta chiusa.", "closed_badge": "Chiusa",
        "closed_no_interest": "La proposta è chiusa: non si può più manifestare interesse.",
        "export_published": "Pubblicata nella banca dati EEN con il riferimento",
        "export_check": "Verifica di nuovo", "mine_accepted": "Il proponente ha accettato il tuo interesse.",
        "mine_pending": "Hai manifestato interesse: il proponente non ha ancora risposto.",
    },
    "en": {
        "menu": "Open the navigation menu", "nav": "Proposals", "nav_interests": "Expressions of interest",
        "list_title": "Proposals", "new": "Publish a proposal", "new_title": "New proposal",
        "kind": "Kind of proposal", "title": "Title", "summary": "Summary", "description": "Description",
        "topics": "Topics", "share": "Share with the Enterprise Europe Network", "publish": "Publish the proposal",
        "published": "Proposal published.", "edit": "Edit", "edit_title": "Edit the proposal",
        "save": "Save changes", "saved": "Changes saved.",
        "changed_meanwhile": "The proposal was changed meanwhile", "reload": "Load the latest version",
        "search": "Words in the title or summary", "filter_kind": "Kind", "filter_source": "Origin",
        "submit_search": "Search", "message": "Message to the proposer", "express": "Express interest",
        "sent": "Expression of interest sent.",
        "status": {"pending": "Pending", "accepted": "Accepted", "declined": "Declined"},
        "accept_from": "Accept the interest of {name}", "accepted": "Expression of interest accepted.",
        "tab_received": "Received", "tab_sent": "Sent", "close": "Close the proposal",
        "close_confirm": "Yes, close the proposal", "closed": "Proposal closed.", "closed_badge": "Closed",
        "closed_no_interest": "The proposal is closed: interest can no longer be expressed.",
        "export_published": "Published in the EEN database as",
        "export_check": "Check again", "mine_accepted": "The proposer accepted your interest.",
        "mine_pending": "You expressed interest: the proposer has not answered yet.",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def _nav(person: Person, name: str) -> None:
    page = person.page
    if person.viewport == "phone":
        page.get_by_role("button", name=text(person)["menu"]).click()
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def open_proposals(person: Person) -> None:
    """The proposals list, by the navbar (behind the menu on a phone)."""
    _nav(person, text(person)["nav"])
    expect(person.page.get_by_role("heading", level=1)).to_have_text(text(person)["list_title"])


def open_interests(person: Person, tab: str = "received") -> None:
    """My expressions of interest (received or sent), by the navbar and the tab."""
    t = text(person)
    _nav(person, t["nav_interests"])
    person.page.get_by_role("link", name=t["tab_received" if tab == "received" else "tab_sent"], exact=True).click()


def choose_topic(person: Person, label: str, search: str, option: str | re.Pattern) -> None:
    """In the descriptor picker labelled `label`: type, then pick the suggestion."""
    page = person.page
    box = page.get_by_role("combobox", name=label)
    box.fill(search)
    page.get_by_role("option", name=option).first.click()
    box.press("Escape")  # the suggestions stay open for more picks until then


def fill_proposal(person: Person, *, title: str | None = None, summary: str | None = None,
                  description: str | None = None, kind: str | None = None,
                  topic: tuple[str, str | re.Pattern] | None = None, share_with_een: bool | None = None) -> None:
    t, page = text(person), person.page
    if kind is not None:
        page.get_by_label(t["kind"]).select_option(kind)
    if title is not None:
        page.get_by_label(t["title"], exact=True).fill(title)
    if summary is not None:
        page.get_by_label(t["summary"], exact=True).fill(summary)
    if description is not None:
        page.get_by_label(t["description"], exact=True).fill(description)
    if topic is not None:
        choose_topic(person, t["topics"], *topic)
    if share_with_een is not None:
        page.get_by_label(t["share"]).set_checked(share_with_een, force=True)


def start_new_proposal(person: Person) -> None:
    """From the list: the "publish a proposal" form."""
    person.page.get_by_role("link", name=text(person)["new"]).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(text(person)["new_title"])


def publish_proposal(person: Person, title: str, summary: str, *, topic: tuple[str, str | re.Pattern],
                     kind: str = "technology_offer", description: str = "", share_with_een: bool = False) -> None:
    """On the new-proposal form: fill it in and publish; ends on the proposal's page."""
    fill_proposal(person, title=title, summary=summary, description=description, kind=kind, topic=topic,
                  share_with_een=share_with_een)
    person.page.get_by_role("button", name=text(person)["publish"]).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(title)
    expect(person.page.get_by_role("status").filter(has_text=text(person)["published"])).to_be_visible()


def open_edit(person: Person) -> None:
    """On my proposal's page: the edit form."""
    person.page.get_by_role("link", name=text(person)["edit"], exact=True).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(text(person)["edit_title"])


def save_edit(person: Person, *, expect_saved: bool = True) -> None:
    person.page.get_by_role("button", name=text(person)["save"]).click()
    if expect_saved:
        expect(person.page.get_by_role("status").filter(has_text=text(person)["saved"])).to_be_visible()


def expect_export_published(person: Person, timeout: float = 30) -> None:
    """On my shared proposal's page: wait (checking again) until the EEN database has it."""
    t, page = text(person), person.page
    published = page.get_by_text(t["export_published"])
    deadline = time.monotonic() + timeout
    while not published.is_visible():
        assert time.monotonic() < deadline, "the proposal never showed as published in the EEN database"
        check = page.get_by_role("button", name=t["export_check"])
        if check.is_visible() and check.is_enabled():
            check.click()
        page.wait_for_timeout(500)


def search_proposals(person: Person, *, words: str = "", kind: str | None = None, source: str | None = None,
                     topic: tuple[str, str | re.Pattern] | None = None) -> None:
    """On the list: set the filters and search."""
    t, page = text(person), person.page
    search = page.get_by_role("search")
    search.get_by_label(t["search"]).fill(words)
    if kind is not None:
        search.get_by_label(t["filter_kind"], exact=True).select_option(kind)
    if source is not None:
        search.get_by_label(t["filter_source"]).select_option(source)
    if topic is not None:
        choose_topic(person, t["topics"], *topic)
    search.get_by_role("button", name=t["submit_search"], exact=True).click()


def result(person: Person, title: str):
    return person.page.get_by_role("listitem").filter(has=person.page.get_by_role("link", name=title, exact=True))


def open_proposal(person: Person, title: str) -> None:
    """From any list showing it: the proposal's page."""
    person.page.get_by_role("link", name=title, exact=True).first.click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(title)


def express_interest(person: Person, title: str, message: str) -> None:
    """On the proposal's page (or from a list showing it): send a message of interest."""
    t, page = text(person), person.page
    if page.get_by_role("heading", level=1).text_content() != title:
        open_proposal(person, title)
    page.get_by_label(t["message"]).fill(message)
    page.get_by_role("button", name=t["express"]).click()
    expect(page.get_by_role("status").filter(has_text=t["sent"])).to_be_visible()
    expect(page.get_by_text(t["mine_pending"])).to_be_visible()


def accept_interest(person: Person, from_name: str) -> None:
    """Where received interests are listed (my proposal, or my received interests): accept one."""
    t, page = text(person), person.page
    page.get_by_role("button", name=t["accept_from"].format(name=from_name)).click()
    expect(page.get_by_role("status").filter(has_text=t["accepted"])).to_be_visible()


def expect_interest_status(person: Person, about: str, status: str) -> None:
    """In a list of interests: the one about/from `about` shows `status` (pending/accepted/declined)."""
    item = person.page.get_by_role("article").filter(has_text=about)
    expect(item.first).to_contain_text(text(person)["status"][status])


def close_proposal(person: Person) -> None:
    """On my proposal's page: close it, confirming in the dialog."""
    t, page = text(person), person.page
    page.get_by_role("button", name=t["close"], exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name=t["close_confirm"]).click()
    expect(page.get_by_role("status").filter(has_text=t["closed"])).to_be_visible()
