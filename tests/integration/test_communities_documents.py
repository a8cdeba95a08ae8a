"""Documents against the real database (GridFS), broker and Redis: folders, uploads streamed
into GridFS with the size limit and the content check, versions, streamed downloads with
their headers, who may read and change what, and the problem+json errors."""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from servicekit.auth import ROLE_MEMBER
from servicekit.ids import new_id

from contracts import topics
from tests.support import document_samples as samples
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
LIMIT = 3 * 1024 * 1024  # this app's document_max_bytes (the default is 25 MiB)


@pytest.fixture(scope="module")
async def app(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_documents_it", document_max_bytes=LIMIT,
                                         periodic_interval_seconds=3600))
    async with running(app, ISSUER) as client:
        app.state.client = client
        yield app


@pytest.fixture
def client(app):
    return app.state.client


BOOTSTRAP: list[str] = []


@pytest.fixture(autouse=True)
def _bootstrap(infra):
    BOOTSTRAP[:] = [infra.kafka_bootstrap]


def as_(user_id: str, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id, [ROLE_MEMBER]), **extra}


class World:
    def __init__(self, app, community: dict, owner: str, moderator: str, member: str, other: str) -> None:
        self.app, self.community = app, community
        self.owner, self.moderator, self.member, self.other = owner, moderator, member, other
        self.id = community["id"]

    def url(self, suffix: str = "") -> str:
        return f"/communities/{self.id}{suffix}"

    async def upload(self, who: str, content: bytes, filename: str, *, folder: str | None = None,
                     title: str | None = None, document: str | None = None):
        params = {k: v for k, v in (("folder_id", folder), ("title", title)) if v}
        path = self.url(f"/documents/{document}/versions" if document else "/documents")
        return await self.app.state.client.post(path, content=content, params=params, headers=as_(
            who, **{"X-Filename": quote(filename), "Content-Type": "application/octet-stream"}))

    async def stored_files(self) -> int:
        return await self.app.state.runtime.db["document_files.files"].count_documents(
            {"metadata.community_id": self.id})


async def world(app, *, visibility: str = "public") -> World:
    client = app.state.client
    owner, moderator, member = new_id(), new_id(), new_id()
    response = await client.post("/communities", json={
        "name": f"Docs {new_id()[-12:]}", "description": "Shared documents.", "visibility": visibility,
        "descriptors": ["s3:aerospace"]}, headers=as_(owner))
    assert response.status_code == 201, response.text
    community = response.json()
    for user, role in ((moderator, "moderator"), (member, "member")):
        await app.state.runtime.db["memberships"].insert_one({
            "_id": new_id(), "community_id": community["id"], "user_id": user, "role": role, "status": "active",
            "since": datetime.now(UTC), "version": 1})
    return World(app, community, owner, moderator, member, new_id())


async def shared_records(document_id: str, count: int) -> list:
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_DOCUMENT,
                            lambda r: data_of(r).get("document_id") == document_id, count=count)


# -- folders -------------------------------------------------------------------------------------
async def test_managers_build_a_folder_tree_and_delete_only_empty_folders(app, client):
    w = await world(app)
    made = await client.post(w.url("/folders"), json={"name": "Calls 2026"}, headers=as_(w.owner))
    assert made.status_code == 201, made.text
    calls = made.json()
    sub = (await client.post(w.url("/folders"), json={"name": "Horizon", "parent_id": calls["id"]},
                             headers=as_(w.moderator))).json()
    assert sub["parent_id"] == calls["id"]
    subsub = await client.post(w.url("/folders"), json={"name": "Drafts", "parent_id": sub["id"]},
                               headers=as_(w.owner))
    assert subsub.status_code == 201
    assert is_problem(await client.post(w.url("/folders"), json={"name": "calls  2026"}, headers=as_(w.owner)), 409)
    assert is_problem(await client.post(w.url("/folders"), json={"name": "Mine"}, headers=as_(w.member)), 403)
    assert is_problem(await client.post(w.url("/folders"), json={"name": ""}, headers=as_(w.owner)), 422)
    assert is_problem(await client.post(w.url("/folders"), json={"name": "X", "parent_id": "nope"},
                                        headers=as_(w.owner)), 404)

    listed = (await client.get(w.url("/folders"), headers=as_(w.other))).json()
    assert {f["name"] for f in listed["items"]} == {"Calls 2026", "Horizon", "Drafts"}
    assert listed["can_manage"] is False and listed["can_upload"] is False and listed["max_bytes"] == LIMIT

    url = w.url(f"/folders/{calls['id']}")
    assert is_problem(await client.patch(url, json={"name": "Calls"}, headers=as_(w.owner)), 428)
    renamed = await client.patch(url, json={"name": "Calls"}, headers=as_(w.owner, **{"If-Match": '"v1"'}))
    assert renamed.status_code == 200 and renamed.json()["name"] == "Calls" and renamed.headers["etag"] == '"v2"'

    assert is_problem(await client.delete(url, headers=as_(w.owner, **{"If-Match": "*"})), 409)  # holds Horizon
    uploaded = await w.upload(w.member, samples.PDF, "call.pdf", folder=subsub.json()["id"])
    assert uploaded.status_code == 201, uploaded.text
    drafts = w.url(f"/folders/{subsub.json()['id']}")
    assert is_problem(await client.delete(drafts, headers=as_(w.owner, **{"If-Match": "*"})), 409)  # holds a file
    doc = uploaded.json()
    gone = await client.delete(w.url(f"/documents/{doc['id']}"), headers=as_(w.member, **{"If-Match": '"v1"'}))
    assert gone.status_code == 204
    assert (await client.delete(drafts, headers=as_(w.owner, **{"If-Match": "*"}))).status_code == 204


# -- uploads ---------------------------------------------------------------------------------------
async def test_a_member_shares_a_document_and_readers_download_it_streamed(app, client):
    w = await world(app)
    response = await w.upload(w.member, samples.PDF, "Bando regionale – 2026.pdf", title="Regional call")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["title"] == "Regional call" and doc["author_id"] == w.member and response.headers["etag"] == '"v1"'
    latest = doc["latest"]
    assert (latest["number"], latest["content_type"], latest["type_label"], latest["size"]) == (
        1, "application/pdf", "PDF", len(samples.PDF))

    listed = (await client.get(w.url("/documents"), headers=as_(w.other))).json()  # open: anyone signed in
    assert [d["id"] for d in listed["items"]] == [doc["id"]] and listed["items"][0]["can_edit"] is False

    got = await client.get(latest["url"], headers=as_(w.other))
    assert got.status_code == 200 and got.content == samples.PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-length"] == str(len(samples.PDF))
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"Bando regionale _ 2026.pdf\"; "
        "filename*=UTF-8''Bando%20regionale%20%E2%80%93%202026.pdf")
    etag = got.headers["etag"]
    again = await client.get(latest["url"], headers=as_(w.other, **{"If-None-Match": etag}))
    assert again.status_code == 304 and again.content == b""

    [record] = await shared_records(doc["id"], 1)
    assert headers_of(record)["ce_type"] == "communities.document.shared.v1" and record.key == w.id.encode()
    data = data_of(record)
    assert (data["version"], data["content_type"], data["uploaded_by"], data["community_visibility"]) == (
        1, "application/pdf", w.member, "public")


@pytest.mark.parametrize(("filename", "content", "kind"), [
    ("minutes.docx", samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", samples.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("notes.odt", samples.odt(), "application/vnd.oasis.opendocument.text"),
    ("logo.png", samples.png(), "image/png"),
    ("members.csv", samples.CSV, "text/csv"),
    ("readme.txt", "Città, perché: UTF-8.\n".encode(), "text/plain"),
])
async def test_allowed_types_are_recognised_by_their_content(app, client, filename, content, kind):
    w = await world(app)
    response = await w.upload(w.member, content, filename)
    assert response.status_code == 201, response.text
    assert response.json()["latest"]["content_type"] == kind
    got = await client.get(response.json()["latest"]["url"], headers=as_(w.member))
    assert got.content == content and got.headers["content-type"].split(";")[0] == kind


async def test_a_large_office_file_is_recognised_from_its_central_directory(app, client):
    w = await world(app)
    big = samples.docx(padding=LIMIT - 200_000)  # the member list is far from the first chunk
    response = await w.upload(w.member, big, "report.docx")
    assert response.status_code == 201, response.text
    assert response.json()["latest"]["size"] == len(big)


@pytest.mark.parametrize(("filename", "content"), [
    ("invoice.pdf", samples.EXE),  # an executable disguised as a PDF
    ("invoice.pdf", samples.HTML),  # a web page disguised as a PDF
    ("tool.exe", samples.EXE),
    ("archive.zip", samples.plain_zip()),
    ("archive.docx", samples.plain_zip()),  # a ZIP without the parts of a document
    ("photo.png", samples.PDF),  # a real PDF, misnamed
    ("data.bin", bytes(range(256)) * 8),
])
async def test_content_outside_the_allow_list_is_415_and_nothing_stays_stored(app, client, filename, content):
    w = await world(app)
    response = await w.upload(w.member, content, filename)
    assert is_problem(response, 415), response.text
    assert response.json()["detail"]
    assert await w.stored_files() == 0
    assert (await client.get(w.url("/documents"), headers=as_(w.member))).json()["items"] == []


async def test_exactly_the_limit_is_accepted_and_one_byte_more_is_413(app, client):
    w = await world(app)
    at_limit = await w.upload(w.member, samples.text(LIMIT), "report.txt")
    assert at_limit.status_code == 201, at_limit.text
    assert at_limit.json()["latest"]["size"] == LIMIT
    assert await w.stored_files() == 1

    over = await w.upload(w.member, samples.text(LIMIT + 1), "report.txt")
    assert is_problem(over, 413) and over.json()["max_bytes"] == LIMIT
    assert await w.stored_files() == 1


async def test_a_body_without_length_is_cut_off_once_over_the_limit(app, client):
    """Chunked: the service reads until the limit is passed, then answers 413 without
    reading the rest."""
    w = await world(app)
    sent = []

    async def body():
        for _ in range(LIMIT // 65536 + 40):
            sent.append(1)
            yield b"a" * 65536

    response = await client.post(w.url("/documents"), content=body(), headers=as_(
        w.member, **{"X-Filename": "endless.txt"}))
    assert is_problem(response, 413)
    assert len(sent) < LIMIT // 65536 + 40
    assert await w.stored_files() == 0


async def test_upload_errors_come_in_order(app, client):
    w = await world(app)
    assert (await client.post(w.url("/documents"), content=samples.PDF, headers={"X-Filename": "a.pdf"})
            ).status_code == 401
    assert is_problem(await w.upload(w.other, samples.PDF, "a.pdf"), 403)  # not a member: before the body
    assert is_problem(await w.upload(w.other, samples.text(LIMIT + 1), "a.txt"), 403)
    assert is_problem(await w.upload(w.member, samples.PDF, "a.pdf", folder="missing"), 404)
    missing_name = await client.post(w.url("/documents"), content=samples.PDF, headers=as_(w.member))
    assert is_problem(missing_name, 422)
    assert is_problem(await w.upload(w.member, b"", "empty.txt"), 422)
    bad_name = await client.post(w.url("/documents"), content=samples.PDF,
                                 headers=as_(w.member, **{"X-Filename": "%FF%FE.pdf"}))
    assert is_problem(bad_name, 422)
    assert is_problem(await w.upload(w.member, samples.PDF, "a.pdf", title="two\nlines"), 422)
    assert await w.stored_files() == 0


# -- versions --------------------------------------------------------------------------------------
async def test_new_versions_keep_the_old_ones_downloadable(app, client):
    w = await world(app)
    first = (await w.upload(w.member, b"first draft\n", "plan.txt")).json()
    second = await w.upload(w.member, b"second draft\n", "plan-v2.txt", document=first["id"])
    assert second.status_code == 201, second.text
    doc = second.json()
    assert [v["number"] for v in doc["versions"]] == [1, 2] and doc["latest"]["filename"] == "plan-v2.txt"
    assert doc["title"] == "plan" and second.headers["etag"] == '"v2"'
    old = await client.get(doc["versions"][0]["url"], headers=as_(w.other))
    new = await client.get(w.url(f"/documents/{doc['id']}/content"), headers=as_(w.other))
    assert (old.content, new.content) == (b"first draft\n", b"second draft\n")
    assert old.headers["etag"] != new.headers["etag"]
    assert is_problem(await client.get(w.url(f"/documents/{doc['id']}/versions/9/content"),
                                       headers=as_(w.member)), 404)
    # the uploader and the managers add versions; another member may not
    assert is_problem(await w.upload(w.other, b"x\n", "plan.txt", document=doc["id"]), 403)
    third = await w.upload(w.moderator, samples.PDF, "plan.pdf", document=doc["id"])
    assert third.status_code == 201 and third.json()["latest"]["content_type"] == "application/pdf"
    wrong = await w.upload(w.member, samples.EXE, "plan.pdf", document=doc["id"])
    assert is_problem(wrong, 415)
    assert len((await client.get(w.url(f"/documents/{doc['id']}"), headers=as_(w.member))).json()["versions"]) == 3
    records = await shared_records(doc["id"], 3)
    assert [data_of(r)["version"] for r in records] == [1, 2, 3]

    # deleting the document deletes every version's file
    assert await w.stored_files() == 3
    stranger = await client.delete(w.url(f"/documents/{doc['id']}"), headers=as_(w.other, **{"If-Match": "*"}))
    assert is_problem(stranger, 403)
    gone = await client.delete(w.url(f"/documents/{doc['id']}"), headers=as_(w.owner, **{"If-Match": '"v3"'}))
    assert gone.status_code == 204
    assert await w.stored_files() == 0
    assert is_problem(await client.get(doc["versions"][0]["url"], headers=as_(w.member)), 404)


async def test_documents_are_renamed_and_moved_between_folders(app, client):
    w = await world(app)
    folder = (await client.post(w.url("/folders"), json={"name": "Minutes"}, headers=as_(w.owner))).json()
    doc = (await w.upload(w.member, samples.PDF, "m.pdf")).json()
    url = w.url(f"/documents/{doc['id']}")
    moved = await client.patch(url, json={"folder_id": folder["id"], "title": "Minutes, May"},
                               headers=as_(w.member, **{"If-Match": '"v1"'}))
    assert moved.status_code == 200 and moved.json()["folder_id"] == folder["id"]
    assert (await client.get(w.url("/documents"), headers=as_(w.member))).json()["items"] == []
    inside = (await client.get(w.url(f"/documents?folder_id={folder['id']}"), headers=as_(w.member))).json()
    assert [d["title"] for d in inside["items"]] == ["Minutes, May"]
    back = await client.patch(url, json={"folder_id": None}, headers=as_(w.owner, **{"If-Match": '"v2"'}))
    assert back.status_code == 200 and back.json()["folder_id"] is None
    assert is_problem(await client.patch(url, json={"title": "x"}, headers=as_(w.member, **{"If-Match": '"v1"'})),
                      412)


# -- who reads ---------------------------------------------------------------------------------------
async def test_closed_documents_do_not_exist_for_others_and_private_ones_are_for_members(app, client):
    closed, private = await world(app, visibility="closed"), await world(app, visibility="private")
    for w in (closed, private):
        response = await w.upload(w.member, samples.PDF, "secret.pdf")
        assert response.status_code == 201, response.text
        w.doc = response.json()
    stranger = new_id()
    assert is_problem(await client.get(closed.doc["latest"]["url"], headers=as_(stranger)), 404)
    assert is_problem(await client.get(closed.url("/documents"), headers=as_(stranger)), 404)
    assert is_problem(await client.get(private.doc["latest"]["url"], headers=as_(stranger)), 403)
    assert (await client.get(closed.doc["latest"]["url"], headers=as_(closed.owner))).content == samples.PDF


async def test_hidden_documents_are_downloaded_by_managers_only(app, client):
    w = await world(app)
    doc = (await w.upload(w.member, samples.PDF, "report.pdf")).json()
    db = app.state.runtime.db
    await db["documents"].update_one({"_id": doc["id"]}, {"$set": {"moderation": {
        "state": "hidden", "reason": "spam", "by": w.owner, "at": datetime.now(UTC)}}})
    assert (await client.get(w.url("/documents"), headers=as_(w.other))).json()["items"] == []
    assert is_problem(await client.get(doc["latest"]["url"], headers=as_(w.other)), 404)
    mine = (await client.get(w.url("/documents"), headers=as_(w.member))).json()["items"]
    assert mine[0]["moderation_state"] == "hidden" and mine[0]["can_download"] is False
    assert is_problem(await client.get(doc["latest"]["url"], headers=as_(w.member)), 403)
    assert (await client.get(doc["latest"]["url"], headers=as_(w.moderator))).status_code == 200
    await db["documents"].update_one({"_id": doc["id"]}, {"$set": {"moderation.state": "removed"}})
    trace = (await client.get(w.url("/documents"), headers=as_(w.other))).json()["items"][0]
    assert trace["removed_by_moderator"] is True and trace["title"] == "" and trace["versions"] == []
