"""Discussion against the real database, broker and Redis: topics and threaded replies,
edits and deletes with their traces, mentions of active members, closing a topic, safe
markdown, moderation state on topics and replies, pagination, and the problem+json errors."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()


@pytest.fixture(scope="module")
async def app(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_discussion_it", periodic_interval_seconds=3600))
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
    return {**ISSUER.headers(user_id), **extra}


class World:
    def __init__(self, app, community: dict, owner: str, moderator: str, member: str, other: str) -> None:
        self.app, self.community = app, community
        self.owner, self.moderator, self.member, self.other = owner, moderator, member, other
        self.id = community["id"]

    def posts(self, suffix: str = "") -> str:
        return f"/communities/{self.id}/posts{suffix}"


async def world(app, *, visibility: str = "public") -> World:
    client = app.state.client
    owner, moderator, member, other = new_id(), new_id(), new_id(), new_id()
    response = await client.post("/communities", headers=as_(owner), json={
        "name": f"Agora {new_id()[-12:]}", "description": "Talk.", "visibility": visibility,
        "descriptors": ["s3:aerospace"]})
    assert response.status_code == 201, response.text
    community = response.json()
    db = app.state.runtime.db
    for user, role in ((moderator, "moderator"), (member, "member"), (other, "member")):
        await db["memberships"].insert_one({
            "_id": new_id(), "community_id": community["id"], "user_id": user, "role": role, "status": "active",
            "since": datetime.now(UTC), "version": 1})
    return World(app, community, owner, moderator, member, other)


async def topic(client, w: World, who: str | None = None, **body) -> dict:
    payload = {"title": "Pilot line", "body": "Who is in?", **body}
    response = await client.post(w.posts(), json=payload, headers=as_(who or w.member))
    assert response.status_code == 201, response.text
    return response.json()


async def reply(client, w: World, post_id: str, who: str, text: str, parent: str | None = None) -> dict:
    body = {"body": text} if parent is None else {"body": text, "parent_reply_id": parent}
    response = await client.post(w.posts(f"/{post_id}/replies"), json=body, headers=as_(who))
    assert response.status_code == 201, response.text
    return response.json()


async def discussion_records(predicate, count: int = 1) -> list:
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_DISCUSSION, predicate, count=count)


# -- topics and threads --------------------------------------------------------------------------------
async def test_a_topic_is_rendered_safely_and_announced_with_its_active_mentions(app, client):
    w = await world(app)
    stranger = new_id()
    body = (f"Hi @[Olga](user:{w.other}) and @[Nobody](user:{stranger}) <script>alert(1)</script> "
            "![pixel](https://tracker.example/p.gif) **bold** [site](javascript:alert(1))")
    post = await topic(client, w, body=body)
    assert post["version"] == 1 and post["reply_count"] == 0 and post["can_edit"] is True
    html = post["body_html"]
    assert "<script" not in html and "<img" not in html and "href=\"javascript" not in html
    assert "<strong>bold</strong>" in html and f'href="/members/{w.other}"' in html
    assert post["mentioned_user_ids"] == [w.other]  # only active members are told

    [record] = await discussion_records(lambda r: data_of(r).get("post_id") == post["id"])
    assert headers_of(record)["ce_type"] == "communities.post.published.v1" and record.key == w.id.encode()
    assert data_of(record)["mentioned_user_ids"] == [w.other]


async def test_replies_nest_as_a_thread_and_tell_the_topic_author(app, client):
    w = await world(app)
    post = await topic(client, w)
    first = await reply(client, w, post["id"], w.other, "Me!")
    second = await reply(client, w, post["id"], w.owner, "Also me")
    answer = await reply(client, w, post["id"], w.member, "Great", parent=first["id"])
    deeper = await reply(client, w, post["id"], w.other, "Thanks", parent=answer["id"])
    deepest = await reply(client, w, post["id"], w.member, "Welcome", parent=deeper["id"])
    assert [r["depth"] for r in (first, answer, deeper, deepest)] == [1, 2, 3, 3]
    assert deepest["parent_reply_id"] == deeper["id"]

    thread = await client.get(w.posts(f"/{post['id']}"), headers=as_(new_id()))
    assert thread.status_code == 200 and thread.headers["etag"] == '"v1"'
    got = thread.json()
    assert [r["id"] for r in got["replies"]] == [first["id"], answer["id"], deeper["id"], deepest["id"],
                                                 second["id"]]
    assert got["reply_count"] == 5

    records = await discussion_records(lambda r: data_of(r).get("post_id") == post["id"]
                                       and "reply_id" in data_of(r), count=5)
    by_id = {data_of(r)["reply_id"]: data_of(r) for r in records}
    assert by_id[answer["id"]]["post_author_id"] == w.member
    assert by_id[answer["id"]]["parent_author_id"] == w.other
    assert all(r.key == w.id.encode() for r in records)

    page = (await client.get(w.posts(f"/{post['id']}/replies?limit=2"), headers=as_(w.member))).json()
    rest = (await client.get(w.posts(f"/{post['id']}/replies?limit=10&cursor={page['next_cursor']}"),
                             headers=as_(w.member))).json()
    assert [r["id"] for r in page["items"] + rest["items"]] == [r["id"] for r in got["replies"]]
    assert rest["next_cursor"] is None


async def test_topics_list_newest_activity_first_with_pages(app, client):
    w = await world(app)
    old = await topic(client, w, title="Old")
    new = await topic(client, w, title="New")
    third = await topic(client, w, title="Third")
    await reply(client, w, old["id"], w.other, "Bump")
    page = (await client.get(w.posts("?limit=2"), headers=as_(w.member))).json()
    assert [p["title"] for p in page["items"]] == ["Old", "Third"] and page["items"][0]["reply_count"] == 1
    rest = (await client.get(w.posts(f"?limit=2&cursor={page['next_cursor']}"), headers=as_(w.member))).json()
    assert [p["id"] for p in rest["items"]] == [new["id"]] and rest["next_cursor"] is None
    assert third["id"] != new["id"]
    assert is_problem(await client.get(w.posts("?cursor=!!"), headers=as_(w.member)), 400)


# -- edits and deletes ---------------------------------------------------------------------------------
async def test_only_the_author_edits_with_if_match_and_an_edited_trace_stays(app, client):
    w = await world(app)
    post = await topic(client, w)
    url = w.posts(f"/{post['id']}")
    assert is_problem(await client.patch(url, json={"title": "x"}, headers=as_(w.owner, **{"If-Match": '"v1"'})),
                      403)
    assert is_problem(await client.patch(url, json={"title": ""}, headers=as_(w.owner)), 403)  # 403 before 428/422
    assert is_problem(await client.patch(url, json={"title": "x"}, headers=as_(w.member)), 428)
    stale = await client.patch(url, json={"title": "x"}, headers=as_(w.member, **{"If-Match": '"v7"'}))
    assert is_problem(stale, 412) and stale.headers["etag"] == '"v1"'
    assert is_problem(await client.patch(url, json={"title": ""}, headers=as_(w.member, **{"If-Match": '"v1"'})),
                      422)
    done = await client.patch(url, json={"body": "Who is in? *Deadline Friday*"},
                              headers=as_(w.member, **{"If-Match": '"v1"'}))
    assert done.status_code == 200, done.text
    edited = done.json()
    assert edited["version"] == 2 and edited["edited_at"] and "<em>Deadline Friday</em>" in edited["body_html"]
    assert done.headers["etag"] == '"v2"'

    r = await reply(client, w, post["id"], w.other, "Count me in")
    rurl = w.posts(f"/{post['id']}/replies/{r['id']}")
    assert is_problem(await client.patch(rurl, json={"body": "x"}, headers=as_(w.member, **{"If-Match": '"v1"'})),
                      403)
    changed = await client.patch(rurl, json={"body": "Count me in, twice"},
                                 headers=as_(w.other, **{"If-Match": '"v1"'}))
    assert changed.status_code == 200 and changed.json()["edited_at"] and changed.json()["version"] == 2
    # A reply does not make the topic's ETag stale.
    assert (await client.get(url, headers=as_(w.member))).headers["etag"] == '"v2"'


async def test_deleting_leaves_a_removed_trace_and_keeps_the_replies(app, client):
    w = await world(app)
    post = await topic(client, w)
    first = await reply(client, w, post["id"], w.other, "A reply")
    child = await reply(client, w, post["id"], w.member, "Answer", parent=first["id"])
    rurl = w.posts(f"/{post['id']}/replies/{first['id']}")
    assert is_problem(await client.delete(rurl, headers=as_(w.owner)), 403)  # not the owner's to delete
    gone = await client.delete(rurl, headers=as_(w.other))
    assert gone.status_code == 200 and gone.json()["deleted"] is True and gone.json()["body"] == ""
    assert is_problem(await client.post(w.posts(f"/{post['id']}/replies"), json={
        "body": "to a removed reply", "parent_reply_id": first["id"]}, headers=as_(w.owner)), 409)

    url = w.posts(f"/{post['id']}")
    removed = await client.delete(url, headers=as_(w.member))
    assert removed.status_code == 200 and removed.json()["deleted"] is True
    thread = (await client.get(url, headers=as_(w.other))).json()
    assert thread["deleted"] is True and thread["body"] == "" and thread["body_html"] == ""
    assert [(r["id"], r["deleted"]) for r in thread["replies"]] == [(first["id"], True), (child["id"], False)]
    assert thread["can_reply"] is False
    assert is_problem(await client.post(w.posts(f"/{post['id']}/replies"), json={"body": "late"},
                                        headers=as_(w.owner)), 409)
    assert is_problem(await client.patch(url, json={"title": "Back"}, headers=as_(w.member, **{"If-Match": "*"})),
                      409)
    stored = await app.state.runtime.db["posts"].find_one({"_id": post["id"]})
    assert stored["body"] == "" and stored["deleted_at"] is not None


# -- closing ------------------------------------------------------------------------------------------
async def test_moderators_close_and_reopen_a_topic(app, client):
    w = await world(app)
    post = await topic(client, w)
    url = w.posts(f"/{post['id']}")
    assert is_problem(await client.post(f"{url}/close", headers=as_(w.member)), 403)  # its author does not moderate
    closed = await client.post(f"{url}/close", headers=as_(w.moderator))
    assert closed.status_code == 200 and closed.json()["closed"] is True and closed.json()["closed_by"] == w.moderator
    assert is_problem(await client.post(f"{url}/replies", json={"body": "Too late"}, headers=as_(w.other)), 409)
    assert (await client.get(url, headers=as_(w.other))).json()["can_reply"] is False
    reopened = await client.post(f"{url}/reopen", headers=as_(w.owner, **{"If-Match": closed.headers["etag"]}))
    assert reopened.status_code == 200 and reopened.json()["closed"] is False
    await reply(client, w, post["id"], w.other, "In time")


# -- access -------------------------------------------------------------------------------------------
async def test_private_threads_are_for_members_and_closed_ones_do_not_exist_for_others(app, client):
    private, closed = await world(app, visibility="private"), await world(app, visibility="closed")
    for w in (private, closed):
        await topic(client, w)
    stranger = new_id()
    assert is_problem(await client.get(private.posts(), headers=as_(stranger)), 403)
    assert is_problem(await client.get(closed.posts(), headers=as_(stranger)), 404)
    open_ = await world(app)
    post = await topic(client, open_)
    assert (await client.get(open_.posts(f"/{post['id']}"), headers=as_(stranger))).status_code == 200
    assert is_problem(await client.post(open_.posts(f"/{post['id']}/replies"), json={"body": "hi"},
                                        headers=as_(stranger)), 403)  # reading is not taking part
    assert is_problem(await client.get(open_.posts(f"/{new_id()}"), headers=as_(stranger)), 404)
    other = await world(app)
    assert is_problem(await client.get(other.posts(f"/{post['id']}"), headers=as_(other.owner)), 404)


# -- moderation ---------------------------------------------------------------------------------------
async def test_hidden_content_is_for_managers_and_authors_and_removed_content_leaves_a_trace(app, client):
    w = await world(app)
    post = await topic(client, w)
    r = await reply(client, w, post["id"], w.other, "Spam spam")
    db = app.state.runtime.db
    hidden = {"state": "hidden", "reason": "Off topic", "by": w.owner, "at": datetime.now(UTC)}
    await db["replies"].update_one({"_id": r["id"]}, {"$set": {"moderation": hidden}, "$inc": {"version": 1}})
    thread = (await client.get(w.posts(f"/{post['id']}"), headers=as_(w.member))).json()
    assert thread["replies"] == []
    mine = (await client.get(w.posts(f"/{post['id']}"), headers=as_(w.other))).json()["replies"]
    assert mine[0]["moderation"] == {"state": "hidden", "reason": "Off topic", "at": mine[0]["moderation"]["at"]}
    managed = (await client.get(w.posts(f"/{post['id']}"), headers=as_(w.moderator))).json()["replies"]
    assert managed[0]["moderation"]["state"] == "hidden" and managed[0]["body"] == "Spam spam"

    await db["posts"].update_one({"_id": post["id"]}, {"$set": {"moderation": {**hidden, "state": "hidden"}}})
    assert (await client.get(w.posts(), headers=as_(w.other))).json()["items"] == []
    assert is_problem(await client.get(w.posts(f"/{post['id']}"), headers=as_(w.other)), 404)
    [own] = (await client.get(w.posts(), headers=as_(w.member))).json()["items"]
    assert own["moderation"]["state"] == "hidden"

    await db["posts"].update_one({"_id": post["id"]}, {"$set": {"moderation.state": "removed"}})
    [trace] = (await client.get(w.posts(), headers=as_(w.other))).json()["items"]
    assert trace["removed_by_moderator"] is True and trace["title"] == "" and trace["body_html"] == ""
    assert trace["moderation"]["reason"] is None  # the reason is for managers and the author
    assert is_problem(await client.post(w.posts(f"/{post['id']}/replies"), json={"body": "x"},
                                        headers=as_(w.other)), 409)


async def test_erasure_takes_the_authors_name_off_topics_and_replies(app, client):
    from communities.service_layer import commands, handlers

    w = await world(app)
    post = await topic(client, w)
    r = await reply(client, w, post["id"], w.member, "Mine too")
    answer = await reply(client, w, post["id"], w.other, "Yours", parent=r["id"])
    await app.state.runtime.uow.handle(handlers.erase_user, commands.EraseUser(user_id=w.member))
    db = app.state.runtime.db
    assert (await db["posts"].find_one({"_id": post["id"]}))["author_id"] == "erased-user"
    assert (await db["replies"].find_one({"_id": r["id"]}))["author_id"] == "erased-user"
    assert (await db["replies"].find_one({"_id": answer["id"]}))["parent_author_id"] == "erased-user"


async def test_topics_stored_before_threads_get_their_activity_at_startup(app, client):
    from communities.adapters.discussion import ensure_discussion_indexes

    w = await world(app)
    db = app.state.runtime.db
    old_id = new_id()
    await db["posts"].insert_one({"_id": old_id, "community_id": w.id, "author_id": w.member, "title": "Old one",
                                  "body": "From before", "published_at": datetime.now(UTC)})
    await ensure_discussion_indexes(db)
    [listed] = (await client.get(w.posts(), headers=as_(w.member))).json()["items"]
    assert (listed["id"], listed["reply_count"], listed["version"]) == (old_id, 0, 1)
    await reply(client, w, old_id, w.other, "Still here")
