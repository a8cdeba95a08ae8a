"""Steps in the consultation pages (the platform's /consultations and a community's
consultations section), by role and label as a person reads them, in Italian or English."""
from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

TEXT = {
    "it": {
        "title": "Consultazioni", "new": "Nuova consultazione", "f_title": "Titolo", "f_description": "Descrizione",
        "f_anonymous": "Risposte anonime (l'esportazione non contiene identità)",
        "f_results": "Mostra i risultati ai partecipanti dopo la chiusura",
        "kinds": {"single_choice": "Scelta singola", "multiple_choice": "Scelta multipla", "scale": "Scala 1–5",
                  "short_text": "Testo breve", "long_text": "Testo lungo"},
        "question": "Domanda {n}", "prompt": "Testo della domanda", "required": "Risposta obbligatoria",
        "option": "Opzione {n}", "add_option": "Aggiungi un'opzione", "max": "Scegliere al massimo",
        "save_publish": "Salva e pubblica", "saved": "La consultazione è salvata.", "open": "Aperta",
        "submit": "Invia la mia risposta", "update": "Salva le modifiche", "edit_answer": "Modifica la tua risposta",
        "sent": "Grazie: la tua risposta è registrata.", "missing": "Questa domanda richiede una risposta.",
        "invalid": "Alcune risposte vanno riviste", "results": "Risultati", "export": "Scarica le risposte (CSV)",
        "close": "Chiudi ora", "closed": "La consultazione è chiusa.", "answered": "Hai risposto",
        "chart": "Risposte a: {q}", "at_most": "Scegli al massimo 2 opzioni.",
    },
    "en": {
        "title": "Consultations", "new": "New consultation", "f_title": "Title", "f_description": "Description",
        "f_anonymous": "Anonymous responses (the export carries no identity)",
        "f_results": "Show the results to participants once it closes",
        "kinds": {"single_choice": "Single choice", "multiple_choice": "Multiple choice", "scale": "Scale 1–5",
                  "short_text": "Short text", "long_text": "Long text"},
        "question": "Question {n}", "prompt": "Question text", "required": "Answer required",
        "option": "Option {n}", "add_option": "Add an option", "max": "Choose at most",
        "save_publish": "Save and publish", "saved": "The consultation is saved.", "open": "Open",
        "submit": "Send my answer", "update": "Save my changes", "edit_answer": "Change your answer",
        "sent": "Thank you: your answer is recorded.", "missing": "This question needs an answer.",
        "invalid": "Some answers need another look", "results": "Results", "export": "Download the responses (CSV)",
        "close": "Close now", "closed": "The consultation is closed.", "answered": "You have answered",
        "chart": "Answers to: {q}", "at_most": "Choose at most 2 options.",
    },
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def open_platform_consultations(person: Person) -> None:
    go_in_app(person, "/consultations")
    expect(person.page.get_by_role("heading", level=1, name=text(person)["title"])).to_be_visible()


def open_community_consultations(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}/consultations")
    expect(person.page.get_by_role("heading", name=text(person)["title"], exact=True)).to_be_visible()


def start_consultation(person: Person) -> None:
    person.page.get_by_role("link", name=text(person)["new"]).click()
    expect(person.page.get_by_role("heading", name=text(person)["new"])).to_be_visible()


def fill_consultation(person: Person, title: str, description: str, *, anonymous: bool = False,
                      results_public: bool = False) -> None:
    t = text(person)
    main = person.page.get_by_role("main")
    main.get_by_label(t["f_title"], exact=True).fill(title)
    main.get_by_label(t["f_description"]).fill(description)
    for wanted, label in ((anonymous, t["f_anonymous"]), (results_public, t["f_results"])):
        if wanted:  # the kit's toggle: its label is what one clicks
            main.get_by_text(label, exact=True).click()
            expect(main.get_by_label(label)).to_be_checked()


def add_question(person: Person, n: int, kind: str, prompt: str, *, options: list[str] = (), required: bool = False,
                 max_selections: int | None = None) -> None:
    """Adds the n-th question (1-based), of a kind, with its options."""
    t = text(person)
    person.page.get_by_role("button", name=t["kinds"][kind], exact=True).click()
    box = person.page.get_by_role("group", name=t["question"].format(n=n), exact=False)
    box.get_by_label(t["prompt"]).fill(prompt)
    if required:
        box.get_by_label(t["required"]).check(force=True)
    for i, label in enumerate(options, start=1):
        if i > 2:
            box.get_by_role("button", name=t["add_option"]).click()
        box.get_by_label(t["option"].format(n=i), exact=True).fill(label)
    if max_selections is not None:
        box.get_by_label(t["max"]).fill(str(max_selections))


def save_and_publish(person: Person, title: str) -> None:
    person.page.get_by_role("button", name=text(person)["save_publish"]).click()
    article = person.page.get_by_role("article")
    expect(article.get_by_role("heading", name=title)).to_be_visible()
    expect(article.get_by_text(text(person)["open"], exact=True)).to_be_visible()


def open_consultation(person: Person, title: str) -> None:
    person.page.get_by_role("link", name=title).click()
    expect(person.page.get_by_role("article").get_by_role("heading", name=title)).to_be_visible()


def question(person: Person, prompt: str):
    """The answer form's group (or field) of one question, found by its text."""
    return person.page.locator("[data-question]").filter(has_text=prompt)


def choose(person: Person, prompt: str, *labels: str) -> None:
    group = question(person, prompt)
    for label in labels:
        group.get_by_label(label, exact=True).check(force=True)


def unchoose(person: Person, prompt: str, label: str) -> None:
    question(person, prompt).get_by_label(label, exact=True).uncheck(force=True)


def write(person: Person, prompt: str, value: str) -> None:
    question(person, prompt).locator("input, textarea").fill(value)


def send_answer(person: Person, *, update: bool = False) -> None:
    t = text(person)
    person.page.get_by_role("button", name=t["update"] if update else t["submit"]).click()
    expect(person.page.get_by_role("status").filter(has_text=t["sent"])).to_be_visible()


def bars(person: Person, prompt: str) -> dict[str, str]:
    """A results chart as its text: option label → "count (share%)"."""
    chart = person.page.get_by_role("list", name=text(person)["chart"].format(q=prompt))
    expect(chart).to_be_visible()
    out: dict[str, str] = {}
    for item in chart.locator("[data-testid=result-bar]").all():
        spans = item.locator("span").all_inner_texts()
        out[spans[0].strip()] = spans[1].strip()
    return out


def download_csv(person: Person) -> list[list[str]]:
    with person.page.expect_download() as download:
        person.page.get_by_role("button", name=text(person)["export"]).click()
    path = download.value.path()
    with open(path, "rb") as file:
        raw = file.read().decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:])))
