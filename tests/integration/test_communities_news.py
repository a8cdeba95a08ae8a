"""News against the real database, broker and Redis: community and platform-wide articles,
the validation workflow, scheduled publishing and withdrawal (run_due with an explicit now),
cover images in GridFS, the home feed, and the problem+json errors."""
from __future__ import annotations

import asyncio
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from communities.service_layer import news as news_handlers
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id
from servicekit.periodic import PeriodicJobs

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
OPERATOR = ISSUER.headers("news-desk-" + new_id()[-6:], [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])
JPEG_HEAD = bytes.fromhex("ffd8ffe000104a46494600010100000100010000")
WEBP = bytes.fromhex("524946461a000000574542505650384c0d0000002f0000001007101111888808")


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x00\x66\xcc" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
async def app(infra):
    # The background schedule stays out of the way: these tests call run_due with their own now.
    app = create_app(CommunitiesSettings(mongo_db="communities_news_it", periodic_interval_seconds=3600))
    async with running(app, ISSUER) as client:
        app.state.client = client
        yield app


@pytest.fixture
def client(app):
    return app.state.client


def as_(user_id: str, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id), **extra}


class World:
    """A community with an owner, an author, a member; set up through the API, except the
    author role and the validation setting (the access capability's API owns those)."""

    def __init__(self, app, community: dict, owner: str, author: str, member: str) -> None:
        self.app, self.community, self.owner, self.author, self.member = app, community, owner, author, member
        self.id = community["id"]

    def news(self, suffix: str = "") -> str:
        return f"/communities/{self.id}/news{suffix}"


async def world(app, *, visibility: str = "public", validation: bool = False) -> World:
    client = app.state.client
    owner, author, member = new_id(), new_id(), new_id()
    body = {"name": f"News room {new_id()[-12:]}", "description": "Regional innovation news.",
            "visibility": visibility, "descriptors": ["s3:aerospace"]}
    response = await client.post("/communities", json=body, headers=as_(owner))
    assert response.status_code == 201, response.text
    community = response.json()
    db = app.state.runtime.db
    for user, role in ((author, "author"), (member, "member")):
        await db["memberships"].insert_one({
            "_id": new_id(), "community_id": community["id"], "user_id": user, "role": role, "status": "active",
            "since": datetime.now(UTC), "version": 1})
    if validation:
        await db["communities"].update_one({"_id": community["id"]}, {"$set": {"news_requires_validation": True}})
    return World(app, community, owner, author, member)


def article(**overrides) -> dict:
    body = {"title": "Call for SMEs", "summary": "Up to €50,000 for pilots.", "body": "Apply **now** at "
            "[the portal](https://example.org).", "category": "call_for_funding"}
    body.update(overrides)
    return body


BOOTSTRAP: list[str] = []  # the broker of this session (set by the fixture below)


@pytest.fixture(autouse=True)
def _bootstrap(infra):
    BOOTSTRAP[:] = [infra.kafka_bootstrap]


async def news_records(app, news_id: str, count: int = 1, timeout: float = 15.0) -> list:
    """What the service published about one article, in order."""
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_NEWS, lambda r: data_of(r).get("news_id") == news_id,
                            count=count, timeout=timeout)


def types(records) -> list[str]:
    return [headers_of(r)["ce_type"] for r in records]


# -- writing and reading ---------------------------------------------------------------------------
async def test_an_author_publishes_and_members_read_it_rendered(app, client):
    w = await world(app)
    response = await client.post(w.news(), json=article(submit=True), headers=as_(w.author))
    assert response.status_code == 201, response.text
    news = response.json()
    assert response.headers["etag"] == '"v1"' and response.headers["location"].endswith(news["id"])
    assert news["status"] == "published" and news["phase"] == "live" and news["author_id"] == w.author
    assert "<strong>now</strong>" in news["body_html"] and 'rel="nofollow noopener noreferrer"' in news["body_html"]

    listed = (await client.get(w.news(), headers=as_(new_id()))).json()  # open: anyone signed in reads
    assert [n["id"] for n in listed["items"]] == [news["id"]]
    one = await client.get(w.news(f"/{news['id']}"), headers=as_(w.member))
    assert one.status_code == 200 and one.json()["can_edit"] is False and one.headers["etag"] == '"v1"'

    [record] = await news_records(app, news["id"])
    assert headers_of(record)["ce_type"] == "communities.news.published.v1"
    assert record.key == w.id.encode()
    data = data_of(record)
    assert (data["community_id"], data["community_name"], data["community_visibility"], data["category"]) == (
        w.id, w.community["name"], "public", "call_for_funding")


async def test_drafts_are_for_their_writer_and_the_managers_only(app, client):
    w = await world(app)
    draft = (await client.post(w.news(), json=article(), headers=as_(w.author))).json()
    assert draft["status"] == "draft"
    assert (await client.get(w.news(), headers=as_(w.member))).json()["items"] == []
    assert is_problem(await client.get(w.news(f"/{draft['id']}"), headers=as_(w.member)), 404)
    assert is_problem(await client.get(w.news("?status=draft"), headers=as_(w.member)), 403)
    mine = (await client.get(w.news("?status=draft"), headers=as_(w.author))).json()["items"]
    assert [n["id"] for n in mine] == [draft["id"]]
    theirs = (await client.get(w.news("?status=draft"), headers=as_(w.owner))).json()["items"]
    assert [n["id"] for n in theirs] == [draft["id"]] and theirs[0]["can_edit"] is True


async def test_members_without_the_author_role_do_not_write(app, client):
    w = await world(app)
    assert is_problem(await client.post(w.news(), json=article(), headers=as_(w.member)), 403)
    assert is_problem(await client.post(w.news(), json={"title": ""}, headers=as_(w.member)), 403)  # 403 before 422
    assert is_problem(await client.post(w.news(), json={"title": ""}, headers=as_(w.author)), 422)
    assert (await client.post(w.news(), json=article(), headers={})).status_code == 401


async def test_private_news_is_for_members_and_closed_news_does_not_exist_for_others(app, client):
    private, closed = await world(app, visibility="private"), await world(app, visibility="closed")
    for w in (private, closed):
        response = await client.post(w.news(), json=article(submit=True), headers=as_(w.author))
        assert response.status_code == 201, response.text
    assert is_problem(await client.get(private.news(), headers=as_(new_id())), 403)
    assert is_problem(await client.get(closed.news(), headers=as_(new_id())), 404)
    assert len((await client.get(closed.news(), headers=as_(closed.member))).json()["items"]) == 1


async def test_edit_needs_if_match_and_the_current_version(app, client):
    w = await world(app)
    news = (await client.post(w.news(), json=article(), headers=as_(w.author))).json()
    url = w.news(f"/{news['id']}")
    assert is_problem(await client.patch(url, json={"title": "New"}, headers=as_(w.author)), 428)
    stale = await client.patch(url, json={"title": "New"}, headers=as_(w.author, **{"If-Match": '"v9"'}))
    assert is_problem(stale, 412) and stale.headers["etag"] == '"v1"'
    assert is_problem(await client.patch(url, json={"title": "New"}, headers=as_(w.member, **{"If-Match": '"v1"'})),
                      404)  # a draft of someone else does not exist for a member
    done = await client.patch(url, json={"title": "New", "highlighted": False},
                              headers=as_(w.author, **{"If-Match": '"v1"'}))
    assert done.status_code == 200 and done.json()["title"] == "New" and done.headers["etag"] == '"v2"'
    refused = await client.patch(url, json={"highlighted": True}, headers=as_(w.author, **{"If-Match": '"v2"'}))
    assert is_problem(refused, 403)  # only managers highlight
    bad = await client.patch(url, json={"withdraw_at": "2020-01-01T00:00:00Z"},
                             headers=as_(w.author, **{"If-Match": '"v2"'}))
    assert is_problem(bad, 409)
    assert is_problem(await client.patch(url, json={"publish_at": "2030-01-01T10:00:00"},
                                         headers=as_(w.author, **{"If-Match": '"v2"'})), 422)  # no offset


async def test_the_validation_workflow(app, client):
    w = await world(app, validation=True)
    news = (await client.post(w.news(), json=article(), headers=as_(w.author))).json()
    url = w.news(f"/{news['id']}")
    submitted = await client.post(f"{url}/submit", headers=as_(w.author))
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "to_validate"
    assert (await client.get(w.news(), headers=as_(w.member))).json()["items"] == []
    pending = (await client.get(w.news("?status=to_validate"), headers=as_(w.owner))).json()["items"]
    assert [n["id"] for n in pending] == [news["id"]] and pending[0]["can_review"] is True

    assert is_problem(await client.post(f"{url}/approve", headers=as_(w.author)), 403)
    assert is_problem(await client.post(f"{url}/reject", json={}, headers=as_(w.author)), 403)  # 403 before 422
    assert is_problem(await client.post(f"{url}/reject", json={}, headers=as_(w.owner)), 422)
    rejected = await client.post(f"{url}/reject", json={"reason": "Add the deadline."}, headers=as_(w.owner))
    assert rejected.json()["status"] == "draft" and rejected.json()["review_reason"] == "Add the deadline."
    assert (await client.get(url, headers=as_(w.author))).json()["review_reason"] == "Add the deadline."

    await client.post(f"{url}/submit", headers=as_(w.author))
    approved = await client.post(f"{url}/approve", headers=as_(w.owner, **{"If-Match": '"v4"'}))
    assert approved.status_code == 200, approved.text
    assert approved.json()["phase"] == "live"
    assert [n["id"] for n in (await client.get(w.news(), headers=as_(w.member))).json()["items"]] == [news["id"]]
    assert is_problem(await client.post(f"{url}/approve", headers=as_(w.owner)), 409)

    records = await news_records(app, news["id"], count=5)
    assert types(records) == ["communities.news.reviewed.v1"] * 4 + ["communities.news.published.v1"]
    assert [data_of(r)["outcome"] for r in records[:4]] == ["submitted", "rejected", "submitted", "approved"]
    assert data_of(records[1])["reason"] == "Add the deadline." and data_of(records[3])["reviewer_id"] == w.owner


async def test_scheduled_news_appears_at_its_time_and_run_due_announces_it_once(app, client):
    w = await world(app)
    soon = datetime.now(UTC) + timedelta(seconds=3)
    end = soon + timedelta(days=1)
    news = (await client.post(w.news(), json=article(submit=True, publish_at=soon.isoformat(),
                                                     withdraw_at=end.isoformat()),
                              headers=as_(w.owner))).json()
    assert news["phase"] == "scheduled"
    assert (await client.get(w.news(), headers=as_(w.member))).json()["items"] == []
    scheduled = (await client.get(w.news("?status=scheduled"), headers=as_(w.owner))).json()["items"]
    assert [n["id"] for n in scheduled] == [news["id"]]

    uow = app.state.runtime.uow
    assert await news_handlers.run_due(uow, soon - timedelta(seconds=1)) == 0
    later = soon + timedelta(seconds=1)
    assert await news_handlers.run_due(uow, later) >= 1
    assert await news_handlers.run_due(uow, later) == 0  # idempotent
    await asyncio.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.2)
    live = (await client.get(w.news(), headers=as_(w.member))).json()["items"]  # query-time: live, job or not
    assert [n["id"] for n in live] == [news["id"]]

    assert await news_handlers.run_due(uow, end + timedelta(seconds=1)) >= 1
    assert (await client.get(w.news(f"/{news['id']}"), headers=as_(w.owner))).json()["status"] == "withdrawn"
    records = await news_records(app, news["id"], count=3, timeout=5)
    assert types(records) == ["communities.news.published.v1", "communities.news.withdrawn.v1"]
    assert data_of(records[0])["published_at"].startswith(soon.strftime("%Y-%m-%dT%H:%M:%S"))


async def test_the_periodic_jobs_run_news(app, client):
    w = await world(app)
    news = (await client.post(w.news(), json=article(submit=True, withdraw_at=(
        datetime.now(UTC) + timedelta(seconds=1)).isoformat()), headers=as_(w.owner))).json()
    await asyncio.sleep(1.2)
    await app.state.runtime.provided(PeriodicJobs).run_once()
    assert (await client.get(w.news(f"/{news['id']}"), headers=as_(w.owner))).json()["status"] == "withdrawn"
    records = await news_records(app, news["id"], count=2)
    assert types(records) == ["communities.news.published.v1", "communities.news.withdrawn.v1"]


async def test_withdraw_and_delete(app, client):
    w = await world(app)
    news = (await client.post(w.news(), json=article(submit=True), headers=as_(w.author))).json()
    url = w.news(f"/{news['id']}")
    assert is_problem(await client.post(f"{url}/withdraw", headers=as_(w.member)), 403)
    gone = await client.post(f"{url}/withdraw", headers=as_(w.author))
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    assert (await client.get(w.news(), headers=as_(w.member))).json()["items"] == []
    assert is_problem(await client.delete(url, headers=as_(w.owner)), 428)
    assert (await client.delete(url, headers=as_(w.owner, **{"If-Match": '"v2"'}))).status_code == 204
    assert is_problem(await client.get(url, headers=as_(w.owner)), 404)


# -- covers ------------------------------------------------------------------------------------------
async def test_a_cover_is_stored_in_gridfs_and_served_to_readers_only(app, client):
    w = await world(app, visibility="private")
    news = (await client.post(w.news(), json=article(submit=True), headers=as_(w.author))).json()
    url = w.news(f"/{news['id']}/cover")
    image = png()
    assert is_problem(await client.put(url, content=image, headers=as_(w.member)), 403)
    put = await client.put(url, content=image, headers=as_(w.author, **{"Content-Type": "image/png"}))
    assert put.status_code == 200, put.text
    cover = put.json()["cover"]
    assert cover["content_type"] == "image/png" and cover["size"] == len(image)
    assert cover["url"].startswith(url)

    got = await client.get(url, headers=as_(w.member))
    assert got.status_code == 200 and got.content == image
    assert got.headers["content-type"] == "image/png" and got.headers["content-length"] == str(len(image))
    assert got.headers["cache-control"].startswith("private") and got.headers["x-content-type-options"] == "nosniff"
    assert is_problem(await client.get(url, headers=as_(new_id())), 403)  # private: members only

    # replaced: the old file is gone from the bucket
    db = app.state.runtime.db
    first_file = (await db["news"].find_one({"_id": news["id"]}))["cover"]["file_id"]
    assert await db["news_covers.files"].count_documents({"_id": first_file}) == 1
    webp = await client.put(url, content=WEBP, headers=as_(w.owner, **{"Content-Type": "image/png"}))
    assert webp.status_code == 200 and webp.json()["cover"]["content_type"] == "image/webp"  # sniffed, not declared
    assert await db["news_covers.files"].count_documents({"_id": first_file}) == 0
    assert (await client.get(url, headers=as_(w.member))).headers["content-type"] == "image/webp"


async def test_covers_are_checked_on_their_content_and_size(app, client):
    w = await world(app)
    news = (await client.post(w.news(), json=article(), headers=as_(w.author))).json()
    url = w.news(f"/{news['id']}/cover")
    fake = await client.put(url, content=b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                            headers=as_(w.author, **{"Content-Type": "image/png"}))
    assert is_problem(fake, 415)
    gif = await client.put(url, content=b"GIF89a" + b"\x00" * 40, headers=as_(w.author))
    assert is_problem(gif, 415)
    big = await client.put(url, content=png() + b"\x00" * (5 * 1024 * 1024), headers=as_(w.author))
    assert is_problem(big, 413)
    assert is_problem(await client.get(url, headers=as_(w.author)), 404)  # none stored
    jpeg = await client.put(url, content=JPEG_HEAD + b"\x00" * 64, headers=as_(w.author))
    assert jpeg.status_code == 200 and jpeg.json()["cover"]["content_type"] == "image/jpeg"


# -- platform news and the home feed -----------------------------------------------------------------
async def test_platform_news_is_written_by_operators_read_by_all_highlighted_first(app, client):
    assert is_problem(await client.post("/news", json=article(), headers=as_(new_id())), 403)
    category = "regional_policy"
    plain = (await client.post("/news", json=article(submit=True, category=category, title="Plain"),
                               headers=OPERATOR)).json()
    top = (await client.post("/news", json=article(submit=True, category=category, title="Top", highlighted=True,
                                                   descriptors=["s3:aerospace"]), headers=OPERATOR)).json()
    newer = (await client.post("/news", json=article(submit=True, category=category, title="Newer"),
                               headers=OPERATOR)).json()
    assert plain["community_id"] is None
    page = (await client.get(f"/news?category={category}&limit=2", headers=as_(new_id()))).json()
    assert [n["title"] for n in page["items"]][:1] == ["Top"]
    rest = (await client.get(f"/news?category={category}&limit=2&cursor={page['next_cursor']}",
                             headers=as_(new_id()))).json()
    seen = [n["id"] for n in page["items"] + rest["items"]]
    assert seen[:1] == [top["id"]] and seen.index(newer["id"]) < seen.index(plain["id"])
    only_top = (await client.get(f"/news?category={category}&highlighted=true", headers=as_(new_id()))).json()
    assert [n["id"] for n in only_top["items"]] == [top["id"]]
    assert is_problem(await client.patch(f"/news/{top['id']}", json={"title": "x"},
                                         headers=as_(new_id(), **{"If-Match": '"v1"'})), 403)
    [record] = await news_records(app, top["id"])
    assert data_of(record)["community_id"] is None and record.key == b"platform"
    assert data_of(record)["descriptors"] == ["s3:aerospace"] and data_of(record)["highlighted"] is True
    assert is_problem(await client.get("/news?cursor=!!", headers=as_(new_id())), 400)


async def test_the_home_feed_shows_platform_news_and_my_readable_communities_only(app, client):
    mine, other = await world(app, visibility="private"), await world(app, visibility="closed")
    ours = (await client.post(mine.news(), json=article(submit=True, title="Ours"), headers=as_(mine.author))).json()
    theirs = (await client.post(other.news(), json=article(submit=True, title="Theirs"),
                                headers=as_(other.author))).json()
    platform = (await client.post("/news", json=article(submit=True, title="Region"), headers=OPERATOR)).json()
    feed = (await client.get("/news?scope=all&limit=100", headers=as_(mine.member))).json()["items"]
    ids = [n["id"] for n in feed]
    assert ours["id"] in ids and platform["id"] in ids and theirs["id"] not in ids
    assert next(n for n in feed if n["id"] == ours["id"])["community_name"] == mine.community["name"]
    stranger = [n["id"] for n in (await client.get("/news?scope=all&limit=100", headers=as_(new_id()))).json()["items"]]
    assert platform["id"] in stranger and ours["id"] not in stranger


# -- moderation ----------------------------------------------------------------------------------------
async def test_hidden_news_is_kept_from_readers_and_removed_news_leaves_a_trace(app, client):
    w = await world(app)
    news = (await client.post(w.news(), json=article(submit=True), headers=as_(w.author))).json()
    db = app.state.runtime.db
    await db["news"].update_one({"_id": news["id"]}, {"$set": {"moderation": {
        "state": "hidden", "reason": "Off topic", "by": w.owner, "at": datetime.now(UTC)}}})
    assert (await client.get(w.news(), headers=as_(w.member))).json()["items"] == []
    assert is_problem(await client.get(w.news(f"/{news['id']}"), headers=as_(w.member)), 404)
    [own] = (await client.get(w.news(), headers=as_(w.author))).json()["items"]
    assert own["moderation_state"] == "hidden"  # the author sees it, marked
    [managed] = (await client.get(w.news(), headers=as_(w.owner))).json()["items"]
    assert managed["moderation_state"] == "hidden"

    await db["news"].update_one({"_id": news["id"]}, {"$set": {"moderation.state": "removed"}})
    [trace] = (await client.get(w.news(), headers=as_(w.member))).json()["items"]
    assert trace["removed_by_moderator"] is True and trace["title"] == "" and trace["body_html"] == ""
    assert is_problem(await client.get(w.news(f"/{news['id']}/cover"), headers=as_(w.member)), 404)
    stored = await db["news"].find_one({"_id": news["id"]})
    assert (stored["community_id"], stored["author_id"], stored["title"]) == (w.id, w.author, "Call for SMEs")
