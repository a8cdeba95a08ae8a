"""Authorisation matrix rows of moderation. Expected statuses in ACTORS order: anonymous,
non_member, pending, invited, member, author, moderator, owner, operator.

Reporting is taking part: active members (others 403 where they know the community exists,
404 in a closed one to all but the invited). The fixtures' content is the owner's, and nobody
reports their own content: the owner's cell is a 409. Every report row is `fresh` (one report
per member and item). The queue, one item's reports and the decisions are the managers'
(owner, moderators); the reported fixture has a member's open report, so a manager's restore
is a 200. Platform-wide news: reported by everyone signed in (the operator wrote it: 409),
moderated by platform operators."""
from __future__ import annotations

from tests.integration.authz.matrix import Env, Fixture, Row, same

SPAM = {"category": "spam", "text": "Advertising"}


async def _topic(env: Env) -> str:
    response = await env.client.post(f"/communities/{env.community_id}/posts",
                                     json={"title": "Offers", "body": "Buy now."}, headers=env.headers("owner"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _news(env: Env, path: str, actor: str) -> str:
    response = await env.client.post(path, json={"title": "Offers", "summary": "", "body": "Buy now.",
                                                 "category": "other", "submit": True}, headers=env.headers(actor))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _report(env: Env, path: str, kind: str, content_id: str, actor: str) -> None:
    response = await env.client.post(path, json={"kind": kind, "content_id": content_id, **SPAM},
                                     headers=env.headers(actor))
    assert response.status_code == 201, response.text


async def mod_topic(env: Env) -> str:
    return await _topic(env)


async def mod_reported_topic(env: Env) -> str:
    post_id = await _topic(env)
    await _report(env, f"/communities/{env.community_id}/reports", "post", post_id, "member")
    return post_id


async def mod_news(env: Env) -> str:
    return await _news(env, f"/communities/{env.community_id}/news", "owner")


async def mod_platform_news(env: Env) -> str:
    return await _news(env, "/news", "operator")


async def mod_reported_platform_news(env: Env) -> str:
    news_id = await _news(env, "/news", "operator")
    await _report(env, "/reports", "news", news_id, "member")
    return news_id


FIXTURES: dict[str, Fixture] = {
    "mod_topic": mod_topic, "mod_reported_topic": mod_reported_topic, "mod_news": mod_news,
    "mod_platform_news": mod_platform_news, "mod_reported_platform_news": mod_reported_platform_news,
}


def _report_body(kind: str, fixture: str):
    return lambda env: {"kind": kind, "content_id": env.ids[fixture], **SPAM}


C = "/communities/{community}"

#                        anon non  pend inv  mem  auth mod  own  op
REPORT = {"public": (401, 403, 403, 403, 201, 201, 201, 409, 403),
          "private": (401, 403, 403, 403, 201, 201, 201, 409, 403),
          "closed": (401, 404, 404, 403, 201, 201, 201, 409, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


def _operators(ok: int) -> dict[str, tuple[int, ...]]:
    return same(401, 403, 403, 403, 403, 403, 403, 403, ok)


ROWS: list[Row] = [
    # -- reports
    Row("report a topic", "POST", C + "/reports", REPORT, needs=("mod_topic",),
        body=_report_body("post", "mod_topic"), fresh=True),
    Row("report a community article", "POST", C + "/reports", REPORT, needs=("mod_news",),
        body=_report_body("news", "mod_news"), fresh=True),
    Row("report platform news", "POST", "/reports", same(401, 201, 201, 201, 201, 201, 201, 201, 409),
        needs=("mod_platform_news",), body=_report_body("news", "mod_platform_news"), fresh=True, platform=True),
    # -- the managers' queue and decisions
    Row("moderation queue", "GET", C + "/moderation/queue", _managers(200)),
    Row("moderation queue, decided", "GET", C + "/moderation/queue?status=decided", _managers(200)),
    Row("one reported item", "GET", C + "/moderation/post/{mod_reported_topic}", _managers(200),
        needs=("mod_reported_topic",)),
    Row("restore reported content", "POST", C + "/moderation/post/{mod_reported_topic}/restore", _managers(200),
        needs=("mod_reported_topic",), fresh=True),
    Row("hide content", "POST", C + "/moderation/post/{mod_reported_topic}/hide", _managers(200),
        needs=("mod_reported_topic",), body={"reason": "Advertising."}, fresh=True),
    Row("remove content", "POST", C + "/moderation/post/{mod_reported_topic}/remove", _managers(200),
        needs=("mod_reported_topic",), body={"reason": "Advertising."}, fresh=True),
    # -- platform-wide news
    Row("platform moderation queue", "GET", "/moderation/queue", _operators(200), platform=True),
    Row("one reported platform article", "GET", "/moderation/news/{mod_reported_platform_news}", _operators(200),
        needs=("mod_reported_platform_news",), platform=True),
    Row("restore platform news", "POST", "/moderation/news/{mod_reported_platform_news}/restore", _operators(200),
        needs=("mod_reported_platform_news",), fresh=True, platform=True),
    Row("hide platform news", "POST", "/moderation/news/{mod_reported_platform_news}/hide", _operators(200),
        needs=("mod_reported_platform_news",), body={"reason": "Wrong figures."}, fresh=True, platform=True),
    Row("remove platform news", "POST", "/moderation/news/{mod_reported_platform_news}/remove", _operators(200),
        needs=("mod_reported_platform_news",), body={"reason": "Wrong figures."}, fresh=True, platform=True),
]
