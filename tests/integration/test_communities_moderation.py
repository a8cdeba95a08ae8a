"""Moderation against the real database, broker and Redis: reports by distinct members hide a
topic from the members' list until a manager restores it, one report per member, the queue,
hide and remove with a reason, platform news moderated by the operators, and the events on
the moderation topic (keyed by community)."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
OPERATOR_ID = "operator-" + new_id()[-6:]
OPERATOR = ISSUER.headers(OPERATOR_ID, [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])


@pytest.fixture(scope="module")
async def app(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_moderation_it", periodic_interval_seconds=3600))
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


def as_(user_id: str) -> dict[str, str]:
    return ISSUER.headers(user_id)


class World:
    def __init__(self, community: dict, owner: str, moderator: str, writer: str, members: list[str]) -> None:
        self.community, self.owner, self.moderator, self.writer, self.members = (
            community, owner, moderator, writer, members)
        self.id = community["id"]

    def url(self, suffix: str = "") -> str:
        return f"/communities/{self.id}{suffix}"


async def world(app, *, visibility: str = "public") -> World:
    client = app.state.client
    owner, moderator, writer = new_id(), new_id(), new_id()
    members = [new_id() for _ in range(4)]
    response = await client.post("/communities", json={
        "name": f"Moderated {new_id()[-12:]}", "description": "A place to talk.", "visibility": visibility,
        "descriptors": ["s3:aerospace"]}, headers=as_(owner))
    assert response.status_code == 201, response.text
    community = response.json()
    db = app.state.runtime.db
    for user, role in ((moderator, "moderator"), (writer, "member"), *((m, "member") for m in members)):
        await db["memberships"].insert_one({
            "_id": new_id(), "community_id": community["id"], "user_id": user, "role": role, "status": "active",
            "since": datetime.now(UTC), "version": 1})
    return World(community, owner, moderator, writer, members)


async def topic(client, w: World, title: str = "Cheap pills") -> str:
    response = await client.post(w.url("/posts"), json={"title": title, "body": "Buy **now** at my shop."},
                                 headers=as_(w.writer))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def report_body(kind: str, content_id: str, category: str = "spam", text: str = "Advertising") -> dict:
    return {"kind": kind, "content_id": content_id, "category": category, "text": text}


async def listed_topics(client, w: World, user: str) -> list[str]:
    response = await client.get(w.url("/posts"), headers=as_(user))
    assert response.status_code == 200, response.text
    return [p["id"] for p in response.json()["items"]]


async def moderation_records(content_id: str, count: int, timeout: float = 15.0) -> list:
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_MODERATION,
                            lambda r: data_of(r).get("content_id") == content_id, count=count, timeout=timeout)


async def test_three_reports_hide_a_topic_until_a_manager_restores_it(app, client):
    w = await world(app)
    post_id = await topic(client, w)
    assert post_id in await listed_topics(client, w, w.members[3])

    for i, member in enumerate(w.members[:3]):
        response = await client.post(w.url("/reports"), json=report_body("post", post_id), headers=as_(member))
        assert response.status_code == 201, response.text
        assert response.json()["content_hidden"] is (i == 2)
        assert response.headers["location"] == f"communities/{w.id}/moderation/post/{post_id}"

    assert post_id not in await listed_topics(client, w, w.members[3])  # a member no longer sees it
    stored = await app.state.runtime.db["posts"].find_one({"_id": post_id})
    assert stored["moderation"]["state"] == "hidden_pending_review" and stored["version"] == 2

    queue = (await client.get(w.url("/moderation/queue"), headers=as_(w.moderator))).json()
    [item] = queue["items"]
    assert (item["kind"], item["content_id"], item["state"], item["open_reports"], item["author_id"]) == (
        "post", post_id, "hidden_pending_review", 3, w.writer)
    assert item["title"] == "Cheap pills" and item["excerpt"] == "Buy now at my shop."
    assert [r["reporter_id"] for r in item["reports"]] == list(reversed(w.members[:3]))  # newest first

    response = await client.post(w.url(f"/moderation/post/{post_id}/restore"), headers=as_(w.owner))
    assert response.status_code == 200, response.text
    restored = response.json()
    assert restored["state"] == "visible" and restored["open_reports"] == 0 and restored["moderated_by"] == w.owner
    assert {r["outcome"] for r in restored["reports"]} == {"restored"}
    assert post_id in await listed_topics(client, w, w.members[3])
    assert (await client.get(w.url("/moderation/queue"), headers=as_(w.moderator))).json()["items"] == []

    records = await moderation_records(post_id, 5)
    assert [headers_of(r)["ce_type"] for r in records] == [
        *["communities.content.reported.v1"] * 3, "communities.content.moderated.v1",
        "communities.content.moderated.v1"]
    assert {r.key for r in records} == {w.id.encode()}
    assert [data_of(r)["action"] for r in records[3:]] == ["hidden_pending_review", "restored"]
    assert data_of(records[4])["author_id"] == w.writer and data_of(records[4])["moderator_id"] == w.owner
    assert [data_of(r)["distinct_reporters"] for r in records[:3]] == [1, 2, 3]


async def test_one_report_per_member_and_not_of_ones_own(app, client):
    w = await world(app)
    post_id = await topic(client, w)
    body = report_body("post", post_id)
    assert (await client.post(w.url("/reports"), json=body, headers=as_(w.members[0]))).status_code == 201
    assert is_problem(await client.post(w.url("/reports"), json=body, headers=as_(w.members[0])), 409)
    assert is_problem(await client.post(w.url("/reports"), json=body, headers=as_(w.writer)), 409)
    [item] = (await client.get(w.url("/moderation/queue"), headers=as_(w.owner))).json()["items"]
    assert item["open_reports"] == 1 and item["state"] == "visible"


async def test_bad_reports_are_refused_with_problems_not_errors(app, client):
    w = await world(app)
    post_id = await topic(client, w)
    member = as_(w.members[0])
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", post_id, "rude"),
                                        headers=member), 422)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("poem", post_id), headers=member), 422)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", post_id, "other", ""),
                                        headers=member), 409)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", new_id()), headers=member), 404)
    assert is_problem(await client.post(w.url("/reports"), json={**report_body("post", post_id), "x": 1},
                                        headers=member), 422)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", post_id, text="x" * 1001),
                                        headers=member), 422)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", post_id), headers=as_(new_id())),
                      403)  # a reader of an open community who is not a member
    assert (await client.post(w.url("/reports"), json=report_body("post", post_id), headers={})).status_code == 401
    assert is_problem(await client.get(w.url("/moderation/queue?cursor=%%%"), headers=as_(w.owner)), 400)


async def test_content_of_another_community_or_a_closed_one_is_not_found(app, client):
    w, closed = await world(app), await world(app, visibility="closed")
    post_id = await topic(client, closed)
    assert is_problem(await client.post(w.url("/reports"), json=report_body("post", post_id),
                                        headers=as_(w.members[0])), 404)
    assert is_problem(await client.post(closed.url("/reports"), json=report_body("post", post_id),
                                        headers=as_(w.members[0])), 404)
    assert is_problem(await client.get(closed.url(f"/moderation/post/{post_id}"), headers=as_(w.owner)), 404)
    assert is_problem(await client.get(w.url(f"/moderation/post/{post_id}"), headers=as_(w.owner)), 404)


async def test_a_manager_hides_then_removes_a_news_item_with_a_reason(app, client):
    w = await world(app)
    response = await client.post(w.url("/news"), json={"title": "Our shop", "summary": "Discounts",
                                                       "body": "Buy now.", "category": "other", "submit": True},
                                 headers=as_(w.owner))
    assert response.status_code == 201, response.text
    news_id = response.json()["id"]
    assert (await client.post(w.url("/reports"), json=report_body("news", news_id), headers=as_(w.members[0]))
            ).status_code == 201
    assert is_problem(await client.post(w.url(f"/moderation/news/{news_id}/hide"), json={"reason": ""},
                                        headers=as_(w.moderator)), 409)  # a reason is needed
    assert is_problem(await client.post(w.url(f"/moderation/news/{news_id}/hide"), json={"reason": "x"},
                                        headers=as_(w.members[1])), 403)
    response = await client.post(w.url(f"/moderation/news/{news_id}/hide"), json={"reason": "Advertising."},
                                 headers=as_(w.moderator))
    assert response.status_code == 200, response.text
    hidden = response.json()
    assert (hidden["state"], hidden["reason"], hidden["open_reports"]) == ("hidden", "Advertising.", 0)
    assert (await client.get(w.url("/news"), headers=as_(w.members[2]))).json()["items"] == []
    assert is_problem(await client.post(w.url("/reports"), json=report_body("news", news_id),
                                        headers=as_(w.members[2])), 404)  # members no longer see it

    decided = (await client.get(w.url("/moderation/queue?status=decided"), headers=as_(w.owner))).json()["items"]
    assert [(i["content_id"], i["state"]) for i in decided] == [(news_id, "hidden")]
    response = await client.post(w.url(f"/moderation/news/{news_id}/remove"), json={"reason": "Spam, twice."},
                                 headers=as_(w.owner))
    assert response.status_code == 200 and response.json()["state"] == "removed"
    assert is_problem(await client.post(w.url(f"/moderation/news/{news_id}/remove"), json={"reason": "again"},
                                        headers=as_(w.owner)), 409)
    [trace] = (await client.get(w.url("/news"), headers=as_(w.members[2]))).json()["items"]
    assert trace["removed_by_moderator"] is True and trace["body"] == ""
    records = await moderation_records(news_id, 3)
    assert [data_of(r).get("action") for r in records] == [None, "hidden", "removed"]
    assert data_of(records[2])["reason"] == "Spam, twice." and data_of(records[2])["author_id"] == w.owner


async def test_platform_news_is_reported_by_anyone_and_moderated_by_operators(app, client):
    response = await client.post("/news", json={"title": "Regional call", "summary": "Funding", "body": "Apply.",
                                                "category": "call_for_funding", "submit": True}, headers=OPERATOR)
    assert response.status_code == 201, response.text
    news_id = response.json()["id"]
    readers = [new_id() for _ in range(3)]
    for reader in readers:
        response = await client.post("/reports", json=report_body("news", news_id, "misinformation", "Wrong date"),
                                     headers=as_(reader))
        assert response.status_code == 201, response.text
    assert is_problem(await client.post("/reports", json=report_body("post", new_id()), headers=as_(readers[0])), 404)
    listed = (await client.get("/news", headers=as_(new_id()))).json()["items"]
    assert news_id not in [n["id"] for n in listed]
    assert is_problem(await client.get("/moderation/queue", headers=as_(readers[0])), 403)
    queue = (await client.get("/moderation/queue", headers=OPERATOR)).json()["items"]
    assert news_id in [i["content_id"] for i in queue]
    response = await client.post(f"/moderation/news/{news_id}/restore", headers=OPERATOR)
    assert response.status_code == 200 and response.json()["state"] == "visible"
    listed = (await client.get("/news", headers=as_(new_id()))).json()["items"]
    assert news_id in [n["id"] for n in listed]
    records = await moderation_records(news_id, 5)
    assert {r.key for r in records} == {b"platform"}


async def test_the_queue_pages_by_the_latest_report(app, client):
    w = await world(app)
    posts = [await topic(client, w, f"Topic {i}") for i in range(3)]
    for post_id in posts:
        assert (await client.post(w.url("/reports"), json=report_body("post", post_id),
                                  headers=as_(w.members[0]))).status_code == 201
    first = (await client.get(w.url("/moderation/queue?limit=2"), headers=as_(w.owner))).json()
    assert [i["content_id"] for i in first["items"]] == [posts[2], posts[1]] and first["next_cursor"]
    second = (await client.get(w.url(f"/moderation/queue?limit=2&cursor={first['next_cursor']}"),
                               headers=as_(w.owner))).json()
    assert [i["content_id"] for i in second["items"]] == [posts[0]] and second["next_cursor"] is None


async def test_reports_arriving_together_still_reach_the_threshold_once(app, client):
    w = await world(app)
    post_id = await topic(client, w)
    responses = await asyncio.gather(*(client.post(w.url("/reports"), json=report_body("post", post_id),
                                                   headers=as_(m)) for m in w.members[:3]))
    assert [r.status_code for r in responses] == [201, 201, 201], [r.text for r in responses]
    assert sum(r.json()["content_hidden"] for r in responses) == 1
    stored = await app.state.runtime.db["posts"].find_one({"_id": post_id})
    assert stored["moderation"]["state"] == "hidden_pending_review"
    records = await moderation_records(post_id, 4)
    assert sorted(data_of(r)["distinct_reporters"] for r in records[:4] if "distinct_reporters" in data_of(r)) == [
        1, 2, 3]
    assert [data_of(r).get("action") for r in records].count("hidden_pending_review") == 1
