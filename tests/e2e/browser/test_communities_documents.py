"""Documents in a real browser, through the gateway: in Italian the owner makes a folder,
shares a PDF (the upload's progress bar shown on a slowed connection), is told plainly when a
file is too large or is not what its name says, and uploads a new version; in English a
member finds the folder, downloads the old version and shares a file of their own. And the
gateway lets a file of exactly the limit through, so that the service answers 413 itself."""
from __future__ import annotations

from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_documents import (
    create_folder,
    download,
    expect_document,
    open_documents,
    open_folder,
    row,
    share,
    show_versions,
    text,
    throttle_uploads,
    upload_version,
)
from tests.e2e.conftest import PASSWORD
from tests.support import document_samples as samples
from tests.support.browser import check_page

MIB = 1024 * 1024
LIMIT = 25 * MIB  # the service's default document_max_bytes


def _community(owner, *others) -> str:
    created = owner.post("/communities/communities", json={
        "name": f"Distretto aerospaziale {new_id()[-8:]}", "description": "Documenti del distretto.",
        "visibility": "public", "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    for person in others:
        joined = person.post(f"/communities/communities/{community_id}/members")
        assert joined.status_code == 201, joined.text
    return community_id


def test_folders_uploads_versions_and_downloads_in_italian_and_english(people, member, platform, tmp_path):
    marker = new_id()[-6:]
    giulia, tom = member("Giulia Titolare"), member("Tom Member", "en")
    community_id = _community(giulia, tom)
    first = tmp_path / "verbale.pdf"
    first.write_bytes(samples.PDF + b"%" + b"versione uno " * 250_000 + b"\n")  # ~3 MB: the bar shows
    second = tmp_path / "verbale-rev2.pdf"
    second.write_bytes(samples.PDF + b"% versione due\n")
    disguised = tmp_path / "fattura.pdf"
    disguised.write_bytes(samples.HTML)
    too_large = tmp_path / "archivio.txt"
    too_large.write_bytes(samples.text(LIMIT + 1))
    folder, title = f"Verbali {marker}", f"Verbale assemblea {marker}"

    # -- the owner, in Italian
    owner = people("it")
    sign_in(owner, giulia.email, PASSWORD)
    open_documents(owner, community_id)
    t = text(owner)
    expect(owner.page.get_by_text(t["empty"])).to_be_visible()
    check_page(owner, "documents-empty-owner")
    create_folder(owner, folder)

    throttle_uploads(owner, 1 * MIB)
    share(owner, first, title=title)
    bar = owner.page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    expect(bar).not_to_have_attribute("aria-valuenow", "0", timeout=10_000)
    expect_document(owner, title, version=1, type_label="PDF")
    throttle_uploads(owner, None)
    expect(bar).to_have_count(0)
    check_page(owner, "documents-folder-owner")

    share(owner, disguised)
    expect(owner.page.get_by_role("alert").filter(has_text=t["wrong_type"])).to_be_visible()
    share(owner, too_large)
    expect(owner.page.get_by_role("alert").filter(has_text=t["too_large"])).to_be_visible()
    check_page(owner, "documents-upload-errors")

    upload_version(owner, title, second)
    expect_document(owner, title, version=2, type_label="PDF")
    show_versions(owner, title, 2)
    check_page(owner, "documents-versions-owner")

    # -- a member, in English: finds the folder, downloads the first version, shares a file
    reader = people("en")
    sign_in(reader, tom.email, PASSWORD)
    open_documents(reader, community_id)
    expect(reader.page.get_by_role("region", name=text(reader)["folder_tools"])).to_have_count(0)  # not a manager
    open_folder(reader, folder)
    expect_document(reader, title, version=2, type_label="PDF")
    expect(row(reader, title).get_by_role("button", name=text(reader)["new_version"])).to_have_count(0)  # not theirs
    show_versions(reader, title, 2)
    name, content = download(reader, "verbale.pdf", 1)
    assert (name, content) == ("verbale.pdf", first.read_bytes())
    name, content = download(reader, "verbale-rev2.pdf", 2)
    assert content == second.read_bytes()
    check_page(reader, "documents-versions-member")

    notes = tmp_path / "notes.csv"
    notes.write_bytes(samples.CSV)
    share(reader, notes)
    expect_document(reader, "notes", version=1, type_label="CSV")
    check_page(reader, "documents-member-shared")

    phone = people("it", phone=True)
    sign_in(phone, giulia.email, PASSWORD)
    open_documents(phone, community_id)
    open_folder(phone, folder)
    expect_document(phone, title, version=2, type_label="PDF")
    check_page(phone, "documents-folder-phone")


def test_the_gateway_passes_a_file_of_the_limit_and_the_service_refuses_one_byte_more(member):
    owner = member("Olga Limiti")
    community_id = _community(owner)
    path = f"/communities/communities/{community_id}/documents"
    at_limit = owner.post(path, content=samples.text(LIMIT), headers={"X-Filename": "limit.txt"}, timeout=120)
    assert at_limit.status_code == 201, at_limit.text
    assert at_limit.json()["latest"]["size"] == LIMIT
    over = owner.post(path, content=samples.text(LIMIT + 1), headers={"X-Filename": "over.txt"}, timeout=120)
    assert over.status_code == 413 and over.headers["content-type"].startswith("application/problem+json")
    assert over.json()["max_bytes"] == LIMIT  # the service's problem, not the gateway's
    pdf = owner.post(path, content=samples.EXE, headers={"X-Filename": "invoice.pdf"})
    assert pdf.status_code == 415 and pdf.json()["found"] == "application/x-msdownload"
