"""Authorisation matrix rows of discussion: topics and their threaded replies. Expected
statuses in ACTORS order: anonymous, non_member, pending, invited, member, author, moderator,
owner, operator.

Reading follows the community's access type (open: everyone signed in; private: members,
others 403; closed: members, invited 403, others 404). Starting a topic and replying: active
members. Editing and deleting a topic or reply: its author only (the fixtures' topic and
reply are the plain member's, so even the owner gets 403). Closing and reopening: the owner
and moderators. A topic that does not exist: 404 for whoever may read the community."""
from __future__ import annotations

from tests.integration.authz.matrix import Env, Fixture, Row

ANY = {"If-Match": "*"}
TOPIC = {"title": "Matrix topic", "body": "Hello @all"}


async def _topic(env: Env, actor: str = "member") -> str:
    response = await env.client.post(f"/communities/{env.community_id}/posts", json=TOPIC,
                                     headers=env.headers(actor))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def discussion_topic(env: Env) -> str:
    return await _topic(env)


async def discussion_topic_to_close(env: Env) -> str:
    return await _topic(env, "owner")


async def discussion_reply(env: Env) -> str:
    """A member's reply in discussion_topic (rows list that fixture first in `needs`)."""
    post_id = env.ids["discussion_topic"]
    response = await env.client.post(f"/communities/{env.community_id}/posts/{post_id}/replies",
                                     json={"body": "A reply"}, headers=env.headers("member"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


FIXTURES: dict[str, Fixture] = {
    "discussion_topic": discussion_topic, "discussion_topic_to_close": discussion_topic_to_close,
    "discussion_reply": discussion_reply,
}

P = "/communities/{community}/posts"
T = P + "/{discussion_topic}"
R = T + "/replies/{discussion_reply}"
TOPIC_AND_REPLY = ("discussion_topic", "discussion_reply")

#                anon non  pend inv  mem  auth mod  own  op
READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
        "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
        "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}
MISSING = {"public": (401, 404, 404, 404, 404, 404, 404, 404, 404),
           "private": (401, 403, 403, 403, 404, 404, 404, 404, 403),
           "closed": (401, 404, 404, 403, 404, 404, 404, 404, 404)}


def _members(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "private": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "closed": (401, 404, 404, 403, ok, ok, ok, ok, 404)}


def _its_author(ok: int) -> dict[str, tuple[int, ...]]:
    """The member's topic or reply: only they change it."""
    return {"public": (401, 403, 403, 403, ok, 403, 403, 403, 403),
            "private": (401, 403, 403, 403, ok, 403, 403, 403, 403),
            "closed": (401, 404, 404, 403, ok, 403, 403, 403, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


ROWS: list[Row] = [
    Row("list topics", "GET", P, READ),
    Row("start a topic", "POST", P, _members(201), body=TOPIC),
    Row("read a topic with its thread", "GET", T, READ, needs=("discussion_topic",)),
    Row("read a topic that does not exist", "GET", P + "/01a00000-0000-7000-8000-000000000000", MISSING),
    Row("list a topic's replies", "GET", T + "/replies", READ, needs=("discussion_topic",)),
    Row("reply to a topic", "POST", T + "/replies", _members(201), needs=("discussion_topic",),
        body={"body": "Me too"}),
    Row("reply to a reply", "POST", T + "/replies", _members(201), needs=TOPIC_AND_REPLY,
        body=lambda env: {"body": "Agreed", "parent_reply_id": env.ids["discussion_reply"]}),
    Row("edit a topic", "PATCH", T, _its_author(200), needs=("discussion_topic",),
        body={"body": "Hello again"}, headers=ANY),
    Row("edit a reply", "PATCH", R, _its_author(200), needs=TOPIC_AND_REPLY, body={"body": "A better reply"},
        headers=ANY),
    Row("delete a reply", "DELETE", R, _its_author(200), needs=TOPIC_AND_REPLY, fresh=True),
    Row("delete a topic", "DELETE", T, _its_author(200), needs=("discussion_topic",), fresh=True),
    Row("close a topic", "POST", P + "/{discussion_topic_to_close}/close", _managers(200),
        needs=("discussion_topic_to_close",), fresh=True),
    Row("reopen a topic", "POST", P + "/{discussion_topic_to_close}/reopen", _managers(200),
        needs=("discussion_topic_to_close",)),
]
