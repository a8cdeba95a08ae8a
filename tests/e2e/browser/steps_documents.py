"""Steps in a community's documents section, by role and label as a person reads them, in
Italian or English."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.browser.steps_communities import go_in_app
from tests.support.browser import Person

TEXT = {
    "it": {
        "title": "Documenti", "root": "Tutti i documenti", "breadcrumbs": "Cartelle",
        "new_folder": "Nuova cartella qui", "create_folder": "Crea la cartella", "share": "Condividi un documento",
        "file": "File", "version_file": "File della nuova versione", "doc_title": "Titolo (se vuoto, il nome del file)",
        "upload": "Carica", "upload_version": "Carica la nuova versione", "version_form": "Carica una nuova versione", "new_version": "Nuova versione",
        "versions": "{n} versioni", "one_version": "1 versione", "download": "Scarica",
        "download_named": "Scarica {name} (versione {version})", "wrong_type": "Questo tipo di file non può",
        "too_large": "Il file è troppo grande", "folder_tools": "Gestisci le cartelle", "uploading": "Caricamento di",
        "empty": "In questa cartella non ci sono ancora documenti.",
    },
    "en": {
        "title": "Documents", "root": "All documents", "breadcrumbs": "Folders",
        "new_folder": "New folder here", "create_folder": "Create the folder", "share": "Share a document",
        "file": "File", "version_file": "File of the new version", "doc_title": "Title (the file's name if left empty)",
        "upload": "Upload", "upload_version": "Upload the new version", "version_form": "Upload a new version", "new_version": "New version",
        "versions": "{n} versions", "one_version": "1 version", "download": "Download",
        "download_named": "Download {name} (version {version})", "wrong_type": "This type of file cannot",
        "too_large": "This file is too large", "folder_tools": "Manage folders", "uploading": "Uploading",
        "empty": "There are no documents in this folder yet.",
    },
}

LIST = {"it": "Documenti in questa cartella", "en": "Documents in this folder"}


def text(person: Person) -> dict:
    return TEXT[person.language]


def open_documents(person: Person, community_id: str) -> None:
    go_in_app(person, f"/communities/{community_id}/documents")
    expect(person.page.get_by_role("heading", name=text(person)["title"], exact=True)).to_be_visible()


def create_folder(person: Person, name: str) -> None:
    """A manager makes a folder where they are, and is taken into it."""
    t, page = text(person), person.page
    page.get_by_label(t["new_folder"]).fill(name)
    page.get_by_role("button", name=t["create_folder"]).click()
    expect(page.get_by_role("navigation", name=t["breadcrumbs"]).get_by_text(name, exact=True)).to_be_visible()


def open_folder(person: Person, name: str) -> None:
    person.page.get_by_role("link", name=name).click()
    expect(person.page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def open_share_form(person: Person) -> None:
    summary = person.page.get_by_text(text(person)["share"], exact=True)
    if person.page.locator("details[open]").count() == 0:
        summary.click()


def share(person: Person, file: Path, title: str = "") -> None:
    """Upload a new document; returns once the service answered (the form is empty again, or an error shows)."""
    t, page = text(person), person.page
    open_share_form(person)
    form = page.get_by_role("form", name=t["share"])
    form.get_by_label(t["file"], exact=True).set_input_files(str(file))
    if title:
        form.get_by_label(t["doc_title"]).fill(title)
    form.get_by_role("button", name=t["upload"], exact=True).click()


def row(person: Person, title: str):
    """The document's item in the list (its heading is its title)."""
    page = person.page
    return page.get_by_role("list", name=LIST[person.language]).get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=title, exact=True))


def expect_document(person: Person, title: str, *, version: int, type_label: str) -> None:
    r = row(person, title)
    expect(r).to_be_visible()
    facts = r.locator("dl").first
    expect(facts.get_by_text(f"v{version}", exact=True)).to_be_visible()
    expect(facts.get_by_text(type_label, exact=True)).to_be_visible()


def upload_version(person: Person, title: str, file: Path) -> None:
    t, page = text(person), person.page
    row(person, title).get_by_role("button", name=t["new_version"]).click()
    form = page.get_by_role("form", name=t["version_form"])
    form.get_by_label(t["version_file"]).set_input_files(str(file))
    form.get_by_role("button", name=t["upload_version"]).click()


def show_versions(person: Person, title: str, count: int) -> None:
    t = text(person)
    label = t["one_version"] if count == 1 else t["versions"].format(n=count)
    button = row(person, title).get_by_role("button", name=label)
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    history = person.page.get_by_role("region", name=re.compile(re.escape(title)))
    expect(history.get_by_role("listitem")).to_have_count(count)


def download(person: Person, filename: str, version: int) -> tuple[str, bytes]:
    """Download one version from the history shown: its suggested name and its bytes."""
    t, page = text(person), person.page
    with page.expect_download() as info:
        page.get_by_role("button", name=t["download_named"].format(name=filename, version=version)).last.click()
    got = info.value
    return got.suggested_filename, Path(got.path()).read_bytes()


def throttle_uploads(person: Person, bytes_per_second: int | None) -> None:
    """Slow the person's uploads down (None: full speed again), so the progress bar can be seen."""
    cdp = person.context.new_cdp_session(person.page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": bytes_per_second if bytes_per_second else -1})
