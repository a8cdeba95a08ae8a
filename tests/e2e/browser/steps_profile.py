"""Steps a person takes on their profile, by role and label as they read them (it or en)."""
from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.support.browser import Person

TEXT = {
    "it": {
        "nav": "Il mio profilo", "menu": "Apri il menu di navigazione", "title": "Il mio profilo",
        "interests": "Interessi", "competences": "Competenze", "browse": "Sfoglia le categorie",
        "open": "Apri", "chosen": "Scelti per {}", "remove": "Rimuovi {}",
        "display_name": "Nome visualizzato", "organisation": "Organizzazione",
        "save": "Salva il profilo", "saved": "Profilo salvato.", "stale": "Qualcun altro ha modificato il profilo",
        "reload": "Ricarica il profilo", "public": "Vedi il tuo profilo come lo vedono gli altri",
        "erase": "Cancella il mio account…", "erase_dialog": "Vuoi davvero cancellare il tuo account?",
        "erase_email": "Per confermare, scrivi il tuo indirizzo e-mail", "erase_confirm": "Cancella definitivamente",
        "erased": "Account cancellato",
    },
    "en": {
        "nav": "My profile", "menu": "Open the navigation menu", "title": "My profile",
        "interests": "Interests", "competences": "Competences", "browse": "Browse the categories",
        "open": "Open", "chosen": "Chosen for {}", "remove": "Remove {}",
        "display_name": "Display name", "organisation": "Organisation",
        "save": "Save profile", "saved": "Profile saved.", "stale": "Someone else changed the profile",
        "reload": "Reload the profile", "public": "See your profile as others see it",
        "erase": "Erase my account…", "erase_dialog": "Do you really want to erase your account?",
        "erase_email": "To confirm, type your e-mail address", "erase_confirm": "Erase for good",
        "erased": "Account erased",
    },
}


def _text(person: Person) -> dict[str, str]:
    return TEXT[person.language]


def open_my_profile(person: Person) -> None:
    """By the navbar link (through the menu toggle on a phone), never by a reload."""
    text, page = _text(person), person.page
    navigation = page.get_by_role("navigation", name=re.compile("Navigazione principale|Main navigation"))
    toggle = navigation.get_by_role("button", name=text["menu"])
    link = navigation.get_by_role("link", name=text["nav"])
    if toggle.is_visible():
        toggle.click()
        link.click()
        expect(link).to_be_hidden()  # the menu closed (and gave focus back) before we type anywhere
    else:
        link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    expect(page.get_by_label(text["display_name"])).to_be_visible()  # loaded


def picker(person: Person, field: str = "interests") -> Locator:
    return person.page.get_by_role("group", name=_text(person)[field], exact=True)


def chosen(person: Person, field: str = "interests") -> Locator:
    """The chips of the chosen descriptors of a picker."""
    text = _text(person)
    return picker(person, field).get_by_role("list", name=text["chosen"].format(text[field]))


def pick_interests(person: Person, searches: list[tuple[str, str]], field: str = "interests") -> None:
    """For each (what to type, the label to pick as shown): search, then choose it by keyboard
    when it is the first option, by pointer otherwise."""
    box = picker(person, field).get_by_role("combobox")
    options = picker(person, field).get_by_role("listbox")
    for query, label in searches:
        box.fill(query)
        option = options.get_by_role("option", name=re.compile(rf"^{re.escape(label)}\b"))
        expect(option.first).to_be_visible()
        first = options.get_by_role("option").first
        if first.text_content().startswith(label):  # type: ignore[union-attr]
            box.press("ArrowDown")
            box.press("Enter")
        else:
            option.first.click()
        expect(chosen(person, field).get_by_text(label, exact=True)).to_be_visible()
    box.fill("")


def browse_and_pick(person: Person, path: list[str], label: str, field: str = "interests",
                    shown: str | None = None) -> None:
    """Open the category browser, go down `path` (a scheme group, then categories), tick `label`;
    its chip reads `shown` (by default the label)."""
    text, group = _text(person), picker(person, field)
    browse = group.get_by_role("button", name=text["browse"])
    if browse.get_attribute("aria-expanded") != "true":
        browse.click()
    first, *below = path
    group.get_by_role("button", name=re.compile(rf"^{re.escape(first)}")).click()
    for step in below:
        group.get_by_role("button", name=re.compile(rf"^{text['open']} {re.escape(step)} \(")).click()
    # Bootstrap Italia draws the box on the label (the input is under it): click it as people do.
    group.get_by_role("group").get_by_text(label, exact=True).first.click()  # the label, before its "Open"
    expect(group.get_by_role("checkbox", name=label, exact=True)).to_be_checked()
    expect(chosen(person, field).get_by_text(shown or label, exact=True)).to_be_visible()


def remove_chosen(person: Person, label: str, field: str = "interests") -> None:
    text = _text(person)
    chosen(person, field).get_by_role("button", name=text["remove"].format(label)).click()
    expect(chosen(person, field).get_by_text(label, exact=True)).to_have_count(0)


def save_profile(person: Person) -> None:
    text, page = _text(person), person.page
    page.get_by_role("button", name=text["save"]).click()
    expect(page.get_by_role("status").filter(has_text=text["saved"])).to_be_visible()


def open_public_profile(person: Person, display_name: str) -> None:
    person.page.get_by_role("link", name=_text(person)["public"]).click()
    expect(person.page.get_by_role("heading", level=1)).to_have_text(display_name)


def erase_account(person: Person, email: str) -> None:
    text, page = _text(person), person.page
    page.get_by_role("button", name=text["erase"]).click()
    dialog = page.get_by_role("dialog", name=text["erase_dialog"])
    expect(dialog).to_be_visible()
    confirm = dialog.get_by_role("button", name=text["erase_confirm"])
    expect(confirm).to_be_disabled()
    dialog.get_by_label(re.compile(re.escape(text["erase_email"]))).fill(email)
    confirm.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["erased"])
