"""Steps a member takes in the communities pages, by role and label as they read them (it or en).

Navigation stays in the app (links, or history.pushState for an address someone was sent):
a full reload would end an in-memory session."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.support.browser import Person

TEXT = {
    "it": {
        "nav": "Comunità", "menu": "Apri il menu di navigazione", "title": "Comunità",
        "new": "Crea una comunità", "new_title": "Nuova comunità",
        "name": "Nome", "description": "Descrizione", "topics": "Temi", "who_sees": "Chi può vederla",
        "visibility": {"public": "Aperta", "private": "Privata", "closed": "Chiusa"},
        "create": "Crea la comunità",
        "search": "Parole nel nome o nella descrizione", "search_button": "Cerca",
        "join": "Unisciti alla comunità", "joined": "Fai parte di questa comunità.",
        "owner": "Sei il proprietario di questa comunità.",
        "leave": "Lascia la comunità", "leave_confirm": "Sì, lascia la comunità",
        "post_title": "Titolo", "post_body": "Testo", "publish": "Pubblica", "published": "Discussione pubblicata.",
        "posts": "Discussioni", "requests": "Richieste di adesione",
        "approve": "Accetta la richiesta di {name}", "approved": "Richiesta accettata: ora fa parte della comunità.",
        "not_visible": "Comunità non trovata", "ask": "Chiedi di entrare",
        "pending": "Hai chiesto di entrare in questa comunità", "locked": "Solo i membri vedono i contenuti di questa comunità.",
        "role_of": "Ruolo di {name}", "roles": {"moderator": "Moderatore", "member": "Membro"},
        "back": "Torna alle comunità", "empty": "Nessuna comunità corrisponde alla ricerca.",
        "loading": "Caricamento delle comunità…",
    },
    "en": {
        "nav": "Communities", "menu": "Open the navigation menu", "title": "Communities",
        "new": "Create a community", "new_title": "New community",
        "name": "Name", "description": "Description", "topics": "Topics", "who_sees": "Who can see it",
        "visibility": {"public": "Open", "private": "Private", "closed": "Closed"},
        "create": "Create the community",
        "search": "Words in the name or description", "search_button": "Search",
        "join": "Join the community", "joined": "You are a member of this community.",
        "owner": "You own this community.",
        "leave": "Leave the community", "leave_confirm": "Yes, leave the community",
        "post_title": "Title", "post_body": "Text", "publish": "Publish", "published": "Discussion published.",
        "posts": "Discussions", "requests": "Requests to join",
        "approve": "Approve {name}'s request", "approved": "Request approved: they are now a member.",
        "not_visible": "Community not found", "ask": "Ask to join",
        "pending": "You asked to join this community", "locked": "Only members see this community's content.",
        "role_of": "Role of {name}", "roles": {"moderator": "Moderator", "member": "Member"},
        "back": "Back to communities", "empty": "No community matches your search.",
        "loading": "Loading communities…",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def go_in_app(person: Person, path: str) -> None:
    """Follow an address inside the app, as a link would, without reloading the page."""
    person.page.evaluate("(path) => { history.pushState({}, '', path); dispatchEvent(new PopStateEvent('popstate')); }",
                         path)


def community_path(person: Person) -> str:
    """The address of the community page the person is on (to send to someone)."""
    return urlparse(person.page.url).path


def open_communities(person: Person) -> None:
    """From any page, by the navbar link (behind the menu on a phone)."""
    t, page = text(person), person.page
    if person.viewport == "phone":
        page.get_by_role("button", name=t["menu"]).click()
    page.get_by_role("navigation", name=re.compile(".")).get_by_role("link", name=t["nav"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["title"])
    expect(page.get_by_text(t["loading"])).to_have_count(0)


def pick_descriptor(person: Person, field: str, query: str, option: str) -> None:
    """Type in the descriptor picker's search box and choose an option by its label."""
    page = person.page
    page.get_by_role("combobox", name=field).fill(query)
    page.get_by_role("option", name=re.compile(rf"^{re.escape(option)}")).first.click()
    page.get_by_role("combobox", name=field).press("Escape")  # done choosing: the list closes
    expect(page.get_by_role("button", name=re.compile(re.escape(option)))).to_be_visible()  # the chip's remove


def start_new_community(person: Person) -> None:
    """From the communities list, to the form."""
    t, page = text(person), person.page
    page.get_by_role("link", name=t["new"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["new_title"])


def fill_new_community(person: Person, name: str, visibility: str = "public", description: str = "",
                       topic: tuple[str, str] | None = None) -> None:
    """topic: (what to type, the option's label), in the person's language."""
    t, page = text(person), person.page
    page.get_by_label(t["name"], exact=True).fill(name)
    if description:
        page.get_by_label(t["description"], exact=True).fill(description)
    # The design system draws its own radio in the label, over the input: the label takes the click.
    choice = page.get_by_role("group", name=t["who_sees"])
    choice.get_by_text(t["visibility"][visibility], exact=True).click()
    expect(choice.get_by_role("radio", name=t["visibility"][visibility], exact=True)).to_be_checked()
    if topic is not None:
        pick_descriptor(person, t["topics"], *topic)


def create_community(person: Person, name: str, visibility: str = "public", description: str = "",
                     topic: tuple[str, str] | None = None) -> str:
    """From the communities list: create one and land on it. Returns its path."""
    if topic is None:
        topic = ("aerosp", "Aerospazio" if person.language == "it" else "Aerospace")
    start_new_community(person)
    fill_new_community(person, name, visibility, description, topic)
    person.page.get_by_role("button", name=text(person)["create"]).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(name)
    expect(person.page.get_by_text(text(person)["owner"])).to_be_visible()
    return community_path(person)


def search_communities(person: Person, words: str) -> None:
    """On the communities list: search by words."""
    t, page = text(person), person.page
    page.get_by_label(t["search"]).fill(words)
    page.get_by_role("search").get_by_role("button", name=t["search_button"], exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.get_by_text(t["loading"])).to_have_count(0)


def open_community(person: Person, name: str) -> None:
    """From any page: the list, a search for its name, its card."""
    open_communities(person)
    search_communities(person, name)
    person.page.get_by_role("link", name=name, exact=True).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(name)


def join_community(person: Person, name: str) -> None:
    """Find a public community by its name and join it."""
    t = text(person)
    open_community(person, name)
    person.page.get_by_role("button", name=t["join"]).click()
    expect(person.page.get_by_text(t["joined"])).to_be_visible()


def leave_community(person: Person) -> None:
    """On the community's page: leave, confirming in the dialog."""
    t, page = text(person), person.page
    page.get_by_role("button", name=t["leave"], exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=t["leave_confirm"]).click()
    expect(dialog).to_be_hidden()


def write_post(person: Person, title: str, body: str) -> None:
    """On the community's page, as a member: start a discussion and see it on top."""
    t, page = text(person), person.page
    page.get_by_label(t["post_title"], exact=True).fill(title)
    page.get_by_label(t["post_body"], exact=True).fill(body)
    page.get_by_role("button", name=t["publish"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t["published"])).to_be_visible()
    expect(page.get_by_role("article").first.get_by_role("heading", name=title)).to_be_visible()


def expect_locked(person: Person, path: str, secrets: list[str]) -> None:
    """Someone outside a private community sees its name and description, not its content."""
    t, page = text(person), person.page
    go_in_app(person, path)
    expect(page.get_by_text(t["locked"])).to_be_visible()
    body = page.get_by_role("main").inner_text()
    for secret in secrets:
        assert secret not in body, f"{secret!r} shown to an outsider"


def expect_post(person: Person, title: str) -> None:
    expect(person.page.get_by_role("article").get_by_role("heading", name=title)).to_be_visible()


def request_to_join(person: Person, path: str) -> None:
    """Follow the address of a private community (listed: its name shows, not its content), and ask to join it."""
    t, page = text(person), person.page
    go_in_app(person, path)
    expect(page.get_by_text(t["locked"])).to_be_visible()
    page.get_by_role("button", name=t["ask"]).click()
    expect(page.get_by_role("heading", name=t["pending"])).to_be_visible()


def approve_request(person: Person, community: str, applicant: str) -> None:
    """As owner or moderator: open the community and approve someone's request to join."""
    t, page = text(person), person.page
    open_community(person, community)
    requests = page.get_by_role("region", name=t["requests"])
    requests.get_by_role("button", name=t["approve"].format(name=applicant)).click()
    expect(requests.get_by_role("status")).to_have_text(t["approved"])


def change_role(person: Person, member_name: str, role: str) -> None:
    """As owner, on the community's page: make a member a moderator ("moderator") or a member again."""
    t, page = text(person), person.page
    members = page.get_by_role("region", name=re.compile(r"^(Membri|Members) \("))
    members.get_by_label(t["role_of"].format(name=member_name)).select_option(role)
    item = members.get_by_role("listitem").filter(has=page.get_by_role("link", name=member_name, exact=True))
    expect(item.get_by_label(t["role_of"].format(name=member_name))).to_have_value(role)
    if role == "moderator":  # the badge beside the name (the select's option shares its text)
        expect(item.get_by_text(t["roles"]["moderator"], exact=True).first).to_be_visible()


def expect_not_visible(person: Person, path: str, secrets: list[str]) -> None:
    """Someone outside a closed community who has its address sees the 'not found' page, nothing of it."""
    t, page = text(person), person.page
    go_in_app(person, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["not_visible"])
    expect(page.get_by_role("button", name=t["ask"])).to_have_count(0)
    body = page.get_by_role("main").inner_text()
    for secret in secrets:
        assert secret not in body, f"{secret!r} shown to an outsider"
