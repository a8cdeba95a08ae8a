"""Authorisation matrix rows of news (community and platform-wide). Expected statuses in
ACTORS order: anonymous, non_member, pending, invited, member, author, moderator, owner, operator.

Reading follows the community's access type (open: everyone signed in; private: members,
others 403; closed: members, invited 403, others 404). Writing: managers and authors.
Changing an article: its author or a manager (the fixtures' articles are the owner's, so an
author gets 403). A draft exists only for its writer and the managers (others: 404 once they
may read the community). Approve and reject are the managers': the fixture is an author's
draft, which a manager sees but cannot approve (409: only an article waiting for validation
can be), which the author sees but may not review (403). Platform news: read by everyone
signed in, written and managed by platform operators."""
from __future__ import annotations

import struct
import zlib

from tests.integration.authz.matrix import Env, Fixture, Row


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x66\xcc")) + chunk(b"IEND", b""))


PNG = _png()
ARTICLE = {"title": "Call for SMEs", "summary": "Funding for pilots.", "body": "Apply **now**.",
           "category": "call_for_funding"}
ANY = {"If-Match": "*"}


async def _write(env: Env, path: str, actor: str, *, submit: bool, cover: bool = False) -> str:
    response = await env.client.post(path, json={**ARTICLE, "submit": submit}, headers=env.headers(actor))
    assert response.status_code == 201, response.text
    news_id = response.json()["id"]
    if cover:
        put = await env.client.put(f"{path}/{news_id}/cover", content=PNG,
                                   headers={**env.headers(actor), "Content-Type": "image/png"})
        assert put.status_code == 200, put.text
    return news_id


async def news(env: Env) -> str:
    return await _write(env, f"/communities/{env.community_id}/news", "owner", submit=True)


async def news_draft(env: Env) -> str:
    return await _write(env, f"/communities/{env.community_id}/news", "owner", submit=False)


async def news_authors_draft(env: Env) -> str:
    return await _write(env, f"/communities/{env.community_id}/news", "author", submit=False)


async def news_with_cover(env: Env) -> str:
    return await _write(env, f"/communities/{env.community_id}/news", "owner", submit=True, cover=True)


async def platform_news(env: Env) -> str:
    return await _write(env, "/news", "operator", submit=True)


async def platform_news_draft(env: Env) -> str:
    return await _write(env, "/news", "operator", submit=False)


async def platform_news_with_cover(env: Env) -> str:
    return await _write(env, "/news", "operator", submit=True, cover=True)


FIXTURES: dict[str, Fixture] = {
    "news": news, "news_draft": news_draft, "news_authors_draft": news_authors_draft,
    "news_with_cover": news_with_cover, "platform_news": platform_news, "platform_news_draft": platform_news_draft,
    "platform_news_with_cover": platform_news_with_cover,
}

C = "/communities/{community}/news"

#                anon non  pend inv  mem  auth mod  own  op
READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
        "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
        "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}


def _writers(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, ok, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, ok, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, ok, ok, ok, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    """An owner's live article: readers see it but may not change it."""
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


def _owners_draft(ok: int) -> dict[str, tuple[int, ...]]:
    """An owner's draft: it exists for the managers only."""
    return {"public": (401, 404, 404, 404, 404, 404, ok, ok, 404),
            "private": (401, 403, 403, 403, 404, 404, ok, ok, 403),
            "closed": (401, 404, 404, 403, 404, 404, ok, ok, 404)}


def _review() -> dict[str, tuple[int, ...]]:
    """An author's draft: its author may not review; managers may, but it is not waiting (409)."""
    return {"public": (401, 404, 404, 404, 404, 403, 409, 409, 404),
            "private": (401, 403, 403, 403, 404, 403, 409, 409, 403),
            "closed": (401, 404, 404, 403, 404, 403, 409, 409, 404)}


def _platform(*statuses: int) -> dict[str, tuple[int, ...]]:
    return {access: tuple(statuses) for access in ("public", "private", "closed")}


PLATFORM_READ = _platform(401, 200, 200, 200, 200, 200, 200, 200, 200)


def _operators(ok: int) -> dict[str, tuple[int, ...]]:
    return _platform(401, 403, 403, 403, 403, 403, 403, 403, ok)


def _operators_draft(ok: int) -> dict[str, tuple[int, ...]]:
    return _platform(401, 404, 404, 404, 404, 404, 404, 404, ok)


ROWS: list[Row] = [
    # -- community news
    Row("list community news", "GET", C, READ),
    Row("list community drafts", "GET", C + "?status=draft", _writers(200)),
    Row("write community news", "POST", C, _writers(201), body=ARTICLE),
    Row("read a community article", "GET", C + "/{news}", READ, needs=("news",)),
    Row("read a community draft", "GET", C + "/{news_draft}", _owners_draft(200), needs=("news_draft",)),
    Row("edit a community article", "PATCH", C + "/{news}", _managers(200), needs=("news",),
        body={"title": "Call for SMEs (updated)"}, headers=ANY),
    Row("delete a community article", "DELETE", C + "/{news}", _managers(204), needs=("news",), headers=ANY,
        fresh=True),
    Row("submit a community draft", "POST", C + "/{news_draft}/submit", _owners_draft(200), needs=("news_draft",),
        fresh=True),
    Row("approve community news", "POST", C + "/{news_authors_draft}/approve", _review(),
        needs=("news_authors_draft",)),
    Row("reject community news", "POST", C + "/{news_authors_draft}/reject", _review(),
        needs=("news_authors_draft",), body={"reason": "Add the deadline."}),
    Row("withdraw a community article", "POST", C + "/{news}/withdraw", _managers(200), needs=("news",), fresh=True),
    Row("set a community article's cover", "PUT", C + "/{news}/cover", _managers(200), needs=("news",), content=PNG,
        headers={"Content-Type": "image/png"}),
    Row("get a community article's cover", "GET", C + "/{news_with_cover}/cover", READ, needs=("news_with_cover",)),
    # -- platform-wide news
    Row("list platform news", "GET", "/news", PLATFORM_READ, platform=True),
    Row("home feed of news", "GET", "/news?scope=all", PLATFORM_READ, platform=True),
    Row("list platform drafts", "GET", "/news?status=draft", _operators(200), platform=True),
    Row("write platform news", "POST", "/news", _operators(201), body=ARTICLE, platform=True),
    Row("read a platform article", "GET", "/news/{platform_news}", PLATFORM_READ, needs=("platform_news",),
        platform=True),
    Row("read a platform draft", "GET", "/news/{platform_news_draft}", _operators_draft(200),
        needs=("platform_news_draft",), platform=True),
    Row("edit a platform article", "PATCH", "/news/{platform_news}", _operators(200), needs=("platform_news",),
        body={"title": "Regional call (updated)"}, headers=ANY, platform=True),
    Row("delete a platform article", "DELETE", "/news/{platform_news}", _operators(204), needs=("platform_news",),
        headers=ANY, fresh=True, platform=True),
    Row("submit a platform draft", "POST", "/news/{platform_news_draft}/submit", _operators_draft(200),
        needs=("platform_news_draft",), fresh=True, platform=True),
    Row("approve platform news", "POST", "/news/{platform_news_draft}/approve", _operators_draft(409),
        needs=("platform_news_draft",), platform=True),
    Row("reject platform news", "POST", "/news/{platform_news_draft}/reject", _operators_draft(409),
        needs=("platform_news_draft",), body={"reason": "Add the deadline."}, platform=True),
    Row("withdraw a platform article", "POST", "/news/{platform_news}/withdraw", _operators(200),
        needs=("platform_news",), fresh=True, platform=True),
    Row("set a platform article's cover", "PUT", "/news/{platform_news}/cover", _operators(200),
        needs=("platform_news",), content=PNG, headers={"Content-Type": "image/png"}, platform=True),
    Row("get a platform article's cover", "GET", "/news/{platform_news_with_cover}/cover", PLATFORM_READ,
        needs=("platform_news_with_cover",), platform=True),
]
