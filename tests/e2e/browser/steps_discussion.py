"""Steps in a community's discussion section (its default tab): the topic list, one topic's
thread, the reply boxes and the mention picker, by role and label as a person reads them,
in Italian or English."""
from __future__ import annotations

from playwright.sync_api import Locator, expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

TEXT = {
    "it": {
        "title": "Discussioni", "f_title": "Titolo", "f_body": "Testo", "publish": "Pubblica",
        "published": "Discussione pubblicata.", "topics": "Argomenti", "replies": "Risposte",
        "mention": "Menziona un membro", "reply_label": "La tua risposta", "send": "Invia la risposta",
        "replied": "Risposta pubblicata.", "answer": "Rispondi", "answer_label": "La tua risposta a questo messaggio",
        "edit": "Modifica", "save": "Salva", "edited_done": "Modifiche salvate.", "edited": "modificato",
        "remove": "Rimuovi", "remove_yes": "Sì, rimuovi", "removed_by_author": "Rimosso dall'autore",
        "close": "Chiudi alle nuove risposte", "closed_done": "L'argomento è chiuso alle nuove risposte.",
        "closed": "Chiuso", "closed_notice": "Questo argomento è chiuso: non accetta nuove risposte.",
        "reopen": "Riapri", "reopened": "L'argomento è di nuovo aperto alle risposte.", "back": "Tutti gli argomenti",
        "one_reply": "1 risposta", "two_replies": "2 risposte", "reply_item": "Risposta",
        "editing": "Modifica il testo", "reply_form": "Rispondi all'argomento",
        "answer_form": "Risposta a un messaggio",
    },
    "en": {
        "title": "Discussions", "f_title": "Title", "f_body": "Text", "publish": "Publish",
        "published": "Discussion published.", "topics": "Topics", "replies": "Replies",
        "mention": "Mention a member", "reply_label": "Your reply", "send": "Send the reply",
        "replied": "Reply published.", "answer": "Reply", "answer_label": "Your answer to this reply",
        "edit": "Edit", "save": "Save", "edited_done": "Changes saved.", "edited": "edited",
        "remove": "Remove", "remove_yes": "Yes, remove", "removed_by_author": "Removed by its author",
        "close": "Close to new replies", "closed_done": "The topic is closed to new replies.",
        "closed": "Closed", "closed_notice": "This topic is closed: it takes no new replies.",
        "reopen": "Reopen", "reopened": "The topic is open to replies again.", "back": "All topics",
        "one_reply": "1 reply", "two_replies": "2 replies", "reply_item": "Reply", "editing": "Edit the text",
        "reply_form": "Reply to the topic", "answer_form": "Answer to a reply",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def open_discussion(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}")
    expect(person.page.get_by_role("heading", name=text(person)["title"], exact=True)).to_be_visible()


def mention(person: Person, form: Locator, name: str) -> None:
    """Open the mention picker under the text and choose a member by name."""
    form.get_by_role("button", name=text(person)["mention"]).click()
    form.get_by_role("button", name=f"@{name}", exact=True).click()


def start_topic(person: Person, title: str, body: str, *, mentioning: str | None = None) -> None:
    """On the topic list: fill the composer (a mention from the picker at the end) and publish;
    returns on the new topic's thread."""
    t, page = text(person), person.page
    form = page.locator("form", has=page.get_by_label(t["f_title"], exact=True))
    form.get_by_label(t["f_title"], exact=True).fill(title)
    form.get_by_label(t["f_body"], exact=True).fill(body)
    if mentioning:
        mention(person, form, mentioning)
    form.get_by_role("button", name=t["publish"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t["published"])).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()


def open_topic(person: Person, title: str) -> None:
    person.page.get_by_role("list", name=text(person)["topics"]).get_by_role("link", name=title).click()
    expect(person.page.get_by_role("heading", level=2, name=title)).to_be_visible()


def back_to_topics(person: Person) -> None:
    person.page.get_by_role("link", name=text(person)["back"]).click()
    expect(person.page.get_by_role("list", name=text(person)["topics"])).to_be_visible()


def thread(person: Person) -> Locator:
    return person.page.get_by_role("list", name=text(person)["replies"])


def reply_with(person: Person, body: str) -> Locator:
    """Say `body` (fragments of it) to pick the reply out of the thread."""
    return thread(person).get_by_role("listitem", name=text(person)["reply_item"]).filter(has_text=body)


def reply_to_topic(person: Person, body: str) -> None:
    t, page = text(person), person.page
    form = page.get_by_role("form", name=t["reply_form"])
    form.get_by_label(t["reply_label"], exact=True).fill(body)
    form.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("status").filter(has_text=t["replied"])).to_be_visible()
    expect(reply_with(person, body)).to_be_visible()


def answer_reply(person: Person, to: str, body: str) -> None:
    t, page = text(person), person.page
    item = reply_with(person, to).first
    item.get_by_role("button", name=t["answer"], exact=True).click()
    form = page.get_by_role("form", name=t["answer_form"])
    form.get_by_label(t["answer_label"], exact=True).fill(body)
    form.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("status").filter(has_text=t["replied"])).to_be_visible()
    expect(reply_with(person, body)).to_be_visible()


def edit_topic(person: Person, body: str) -> None:
    t, page = text(person), person.page
    page.get_by_role("article").get_by_role("button", name=t["edit"], exact=True).first.click()
    form = page.get_by_role("form", name=t["editing"])
    form.get_by_label(t["f_body"], exact=True).fill(body)
    form.get_by_role("button", name=t["save"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t["edited_done"])).to_be_visible()


def remove_reply(person: Person, body: str) -> None:
    t = text(person)
    item = reply_with(person, body)
    item.get_by_role("button", name=t["remove"], exact=True).click()
    item.get_by_role("button", name=t["remove_yes"]).click()
    expect(thread(person).get_by_text(t["removed_by_author"])).to_be_visible()


def close_topic(person: Person) -> None:
    t, page = text(person), person.page
    page.get_by_role("button", name=t["close"]).click()
    expect(page.get_by_role("status").filter(has_text=t["closed_done"])).to_be_visible()


def reopen_topic(person: Person) -> None:
    t, page = text(person), person.page
    page.get_by_role("button", name=t["reopen"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t["reopened"])).to_be_visible()
