"""HTTP routes of news: articles in a community (`/communities/{id}/news…`) or platform-wide
(`/news…`), scheduled publishing, validation, cover images. Thin: parse, authorise, call a
handler, shape the answer. Each pair of routes shares one implementation; the platform's
differ only in their scope (PlatformScope: readable by everyone signed in, written and
managed by platform operators)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import filetype
from fastapi import Depends, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from servicekit.http.concurrency import (
    IfMatch,
    check_version,
    expected_version,
    set_etag,
)
from servicekit.http.dependencies import Database, UoW
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from servicekit.http.routing import ServiceRouter
from servicekit.ids import new_id

from communities.adapters.news import NewsCoverStore, NewsFilter, NewsQueries, cursor_of
from communities.domain import news as domain
from communities.domain.access import Scope
from communities.domain.news import Cover, News, NewsCategory, NewsPhase
from communities.entrypoints.access import CurrentActor, PlatformScope, ReadableScope
from communities.entrypoints.schemas_news import NewsIn, NewsOut, NewsPatch, RejectIn
from communities.service_layer import news as handlers

router = ServiceRouter(tags=["news"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Category = Annotated[NewsCategory | None, Query(description="only this category")]
Highlighted = Annotated[bool | None, Query(description="only highlighted (true) or only other (false) articles")]
Phase = Annotated[NewsPhase | None, Query(
    alias="status", description="writers: draft, to_validate, scheduled or withdrawn (live if absent); authors "
                                "see their own, managers everyone's")]


def news_queries(db: Database) -> NewsQueries:
    return NewsQueries(db)


def cover_store(db: Database) -> NewsCoverStore:
    return NewsCoverStore(db)


NewsQ = Annotated[NewsQueries, Depends(news_queries)]
Covers = Annotated[NewsCoverStore, Depends(cover_store)]


def _now() -> datetime:
    return datetime.now(UTC)


def _out(n: News, scope: Scope, *, community_name: str | None = None) -> NewsOut:
    return NewsOut.of(n, now=_now(), can_edit=n.editable_by(scope), can_manage=scope.can_manage(),
                      community_name=community_name or (scope.community.name if scope.community else None))


def _not_found(news_id: str) -> Problem:
    return Problem(f"No article {news_id}.", status=404, title="Not Found")


async def _readable(q: NewsQueries, scope: Scope, news_id: str) -> tuple[Scope, News]:
    """The article of this scope as the caller sees it: 404 for another scope's article or
    one the caller may not read (someone else's draft, a scheduled one)."""
    news = await q.article(news_id)
    if news is None or news.community_id != scope.community_id or not news.readable_by(scope, _now()):
        raise _not_found(news_id)
    return scope, news


async def _editable(q: NewsQueries, scope: Scope, news_id: str) -> tuple[Scope, News]:
    scope, news = await _readable(q, scope, news_id)
    if not news.editable_by(scope):
        raise Problem("Only its author or a manager can change this article.", status=403, title="Forbidden")
    return scope, news


# -- the article in the path, as FastAPI dependencies (before If-Match and the body) -------------
async def community_article(news_id: str, scope: ReadableScope, q: NewsQ) -> tuple[Scope, News]:
    return await _readable(q, scope, news_id)


async def platform_article(news_id: str, scope: PlatformScope, q: NewsQ) -> tuple[Scope, News]:
    return await _readable(q, scope, news_id)


async def community_editable(news_id: str, scope: ReadableScope, q: NewsQ) -> tuple[Scope, News]:
    return await _editable(q, scope, news_id)


async def platform_editable(news_id: str, scope: PlatformScope, q: NewsQ) -> tuple[Scope, News]:
    return await _editable(q, scope, news_id)


async def community_reviewable(news_id: str, scope: ReadableScope, q: NewsQ) -> tuple[Scope, News]:
    return _require_review(*(await _readable(q, scope, news_id)))


async def platform_reviewable(news_id: str, scope: PlatformScope, q: NewsQ) -> tuple[Scope, News]:
    return _require_review(*(await _readable(q, scope, news_id)))


def _require_review(scope: Scope, news: News) -> tuple[Scope, News]:
    scope.require_manage("review news")
    return scope, news


async def community_writer(scope: ReadableScope) -> Scope:
    return scope.require_write_news()


async def platform_writer(scope: PlatformScope) -> Scope:
    return scope.require_write_news()


CommunityArticle = Annotated[tuple[Scope, News], Depends(community_article)]
PlatformArticle = Annotated[tuple[Scope, News], Depends(platform_article)]
CommunityEditable = Annotated[tuple[Scope, News], Depends(community_editable)]
PlatformEditable = Annotated[tuple[Scope, News], Depends(platform_editable)]
CommunityReviewable = Annotated[tuple[Scope, News], Depends(community_reviewable)]
PlatformReviewable = Annotated[tuple[Scope, News], Depends(platform_reviewable)]
CommunityWriter = Annotated[Scope, Depends(community_writer)]
PlatformWriter = Annotated[Scope, Depends(platform_writer)]


def optional_if_match(request: Request) -> int | None:
    """Workflow steps take If-Match when the client has it (412 if stale), and go without."""
    return expected_version(request, required=False)


OptionalIfMatch = Annotated[int | None, Depends(optional_if_match)]


# -- shared implementations -----------------------------------------------------------------------
async def _write(scope: Scope, body: NewsIn, unit, response: Response) -> NewsOut:
    news = await unit.handle(handlers.write_news, handlers.WriteNews(
        community_id=scope.community_id, actor=scope.actor, **body.model_dump()))
    base = f"communities/{scope.community_id}/news" if scope.community_id else "news"
    response.headers["Location"] = f"{base}/{news.id}"
    set_etag(response, news.version)
    return _out(news, scope)


async def _list(q: NewsQueries, scope: Scope, *, category, highlighted, phase, limit, cursor) -> Page[NewsOut]:
    f = NewsFilter(category=category, highlighted=highlighted, phase=phase, with_hidden=scope.can_manage(),
                   viewer_id=scope.actor.user_id)
    if phase is not None and phase is not NewsPhase.LIVE:
        if not scope.can_write_news():
            who = "platform operators" if scope.is_platform else "the community's managers and authors"
            raise Problem(f"Only {who} see articles that are not published.", status=403, title="Forbidden")
        if not scope.can_manage():
            f = NewsFilter(category=category, highlighted=highlighted, phase=phase, author_id=scope.actor.user_id,
                           viewer_id=scope.actor.user_id)
    rows = await q.articles([scope.community_id], f, now=_now(), after=decode_cursor(cursor), limit=limit)
    return _page(rows, limit, lambda n: _out(n, scope))


def _page(rows: list[News], limit: int, shape) -> Page[NewsOut]:
    page = rows[:limit]
    more = encode_cursor(cursor_of(page[-1])) if len(rows) > limit and page else None
    return Page(items=[shape(n) for n in page], next_cursor=more)


def _got(article: tuple[Scope, News], response: Response) -> NewsOut:
    scope, news = article
    set_etag(response, news.version)
    return _out(news, scope)


async def _revise(article: tuple[Scope, News], expected: int | None, body: NewsPatch, unit,
                  response: Response) -> NewsOut:
    scope, news = article
    check_version(news.version, expected)  # 412 before the body is judged
    revised = await unit.handle(handlers.revise_news, handlers.ReviseNews(
        community_id=scope.community_id, news_id=news.id, actor=scope.actor, expected_version=expected,
        changes=body.model_dump(exclude_unset=True)))
    set_etag(response, revised.version)
    return _out(revised, scope)


async def _delete(article: tuple[Scope, News], expected: int | None, unit, covers: NewsCoverStore) -> Response:
    scope, news = article
    check_version(news.version, expected)
    cover = await unit.handle(handlers.delete_news, handlers.DeleteNews(
        community_id=scope.community_id, news_id=news.id, actor=scope.actor, expected_version=expected))
    if cover is not None:
        await covers.delete(cover.file_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _act(handler, article: tuple[Scope, News], expected: int | None, unit, response: Response,
               reason: str = "") -> NewsOut:
    scope, news = article
    if expected is not None:
        check_version(news.version, expected)
    moved = await unit.handle(handler, handlers.NewsAction(
        community_id=scope.community_id, news_id=news.id, actor=scope.actor, expected_version=expected,
        reason=reason))
    set_etag(response, moved.version)
    return _out(moved, scope)


async def _read_image(request: Request) -> tuple[bytes, str]:
    """The raw body, stopped as soon as it is too large (413), sniffed on its content (415)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > domain.COVER_MAX_BYTES:
        raise Problem("A cover image has at most 5 MiB.", status=413, title="Content Too Large")
    content = bytearray()
    async for chunk in request.stream():
        content.extend(chunk)
        if len(content) > domain.COVER_MAX_BYTES:
            raise Problem("A cover image has at most 5 MiB.", status=413, title="Content Too Large")
    kind = filetype.guess(bytes(content[:8192])) if content else None
    try:
        content_type = domain.check_cover(bytes(content), kind.mime if kind else None)
    except domain.CoverTooLarge as exc:
        raise Problem(str(exc), status=413, title="Content Too Large") from exc
    except domain.CoverNotAnImage as exc:
        raise Problem(str(exc), status=415, title="Unsupported Media Type") from exc
    return bytes(content), content_type


async def _put_cover(article: tuple[Scope, News], request: Request, unit, covers: NewsCoverStore,
                     response: Response) -> NewsOut:
    scope, news = article
    content, content_type = await _read_image(request)
    cover = Cover(file_id=new_id(), content_type=content_type, size=len(content), uploaded_at=_now())
    await covers.put(cover.file_id, news.id, content, content_type)
    try:
        changed, previous = await unit.handle(handlers.set_cover, handlers.SetCover(
            community_id=scope.community_id, news_id=news.id, actor=scope.actor, cover=cover))
    except BaseException:
        await covers.delete(cover.file_id)  # the article never pointed at it
        raise
    if previous is not None:
        await covers.delete(previous.file_id)
    set_etag(response, changed.version)
    return _out(changed, scope)


async def _get_cover(article: tuple[Scope, News], covers: NewsCoverStore) -> StreamingResponse:
    scope, news = article
    if news.cover is None or (news.removed_by_moderator and not scope.can_manage()):
        raise Problem("This article has no cover image.", status=404, title="Not Found")
    opened = await covers.open(news.cover.file_id)
    if opened is None:
        raise Problem("This article has no cover image.", status=404, title="Not Found")
    length, chunks = opened
    return StreamingResponse(chunks, media_type=news.cover.content_type, headers={
        "Content-Length": str(length), "Cache-Control": "private, max-age=300",
        "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"})


# -- community news ---------------------------------------------------------------------------------
@router.post("/communities/{community_id}/news", status_code=status.HTTP_201_CREATED, response_model=NewsOut,
             summary="Write an article, as a draft or submitted at once (managers and authors)")
async def write_community_news(community_id: str, scope: CommunityWriter, body: NewsIn, unit: UoW,
                               response: Response) -> NewsOut:
    return await _write(scope, body, unit, response)


@router.get("/communities/{community_id}/news", response_model=Page[NewsOut],
            summary="The community's news: live ones (or, for writers, by status), highlighted and newest first")
async def community_news(community_id: str, scope: ReadableScope, q: NewsQ, category: Category = None,
                         highlighted: Highlighted = None, phase: Phase = None, limit: Limit = 20,
                         cursor: str | None = None) -> Page[NewsOut]:
    return await _list(q, scope, category=category, highlighted=highlighted, phase=phase, limit=limit,
                       cursor=cursor)


@router.get("/communities/{community_id}/news/{news_id}", response_model=NewsOut, summary="One article")
async def community_article_(community_id: str, article: CommunityArticle, response: Response) -> NewsOut:
    return _got(article, response)


@router.patch("/communities/{community_id}/news/{news_id}", response_model=NewsOut,
              summary="Change an article (its author or a manager; If-Match required)")
async def revise_community_news(community_id: str, article: CommunityEditable, expected: IfMatch, body: NewsPatch,
                                unit: UoW, response: Response) -> NewsOut:
    return await _revise(article, expected, body, unit, response)


@router.delete("/communities/{community_id}/news/{news_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete an article for good (its author or a manager; If-Match required)")
async def delete_community_news(community_id: str, article: CommunityEditable, expected: IfMatch, unit: UoW,
                                covers: Covers) -> Response:
    return await _delete(article, expected, unit, covers)


@router.post("/communities/{community_id}/news/{news_id}/submit", response_model=NewsOut,
             summary="Submit a draft: published (at publish_at), or sent to the managers for validation")
async def submit_community_news(community_id: str, article: CommunityEditable, expected: OptionalIfMatch,
                                unit: UoW, response: Response) -> NewsOut:
    return await _act(handlers.submit_news, article, expected, unit, response)


@router.post("/communities/{community_id}/news/{news_id}/approve", response_model=NewsOut,
             summary="Approve an article waiting for validation (owner, moderators)")
async def approve_community_news(community_id: str, article: CommunityReviewable, expected: OptionalIfMatch,
                                 unit: UoW, response: Response) -> NewsOut:
    return await _act(handlers.approve_news, article, expected, unit, response)


@router.post("/communities/{community_id}/news/{news_id}/reject", response_model=NewsOut,
             summary="Send an article back to its author as a draft, with the reason (owner, moderators)")
async def reject_community_news(community_id: str, article: CommunityReviewable, expected: OptionalIfMatch,
                                body: RejectIn, unit: UoW, response: Response) -> NewsOut:
    return await _act(handlers.reject_news, article, expected, unit, response, reason=body.reason)


@router.post("/communities/{community_id}/news/{news_id}/withdraw", response_model=NewsOut,
             summary="Withdraw a published article now (its author or a manager)")
async def withdraw_community_news(community_id: str, article: CommunityEditable, expected: OptionalIfMatch,
                                  unit: UoW, response: Response) -> NewsOut:
    return await _act(handlers.withdraw_news, article, expected, unit, response)


@router.put("/communities/{community_id}/news/{news_id}/cover", response_model=NewsOut,
            summary="Set the cover image: the raw PNG, JPEG or WebP bytes, at most 5 MiB",
            openapi_extra={"requestBody": {"required": True, "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in domain.COVER_TYPES}}})
async def put_community_cover(community_id: str, article: CommunityEditable, request: Request, unit: UoW,
                              covers: Covers, response: Response) -> NewsOut:
    return await _put_cover(article, request, unit, covers, response)


@router.get("/communities/{community_id}/news/{news_id}/cover", response_class=StreamingResponse,
            summary="The cover image", responses={200: {"content": {t: {} for t in domain.COVER_TYPES}}})
async def community_cover(community_id: str, article: CommunityArticle, covers: Covers) -> StreamingResponse:
    return await _get_cover(article, covers)


# -- platform-wide news -----------------------------------------------------------------------------
@router.post("/news", status_code=status.HTTP_201_CREATED, response_model=NewsOut,
             summary="Write a platform-wide article (platform operators)")
async def write_platform_news(scope: PlatformWriter, body: NewsIn, unit: UoW, response: Response) -> NewsOut:
    return await _write(scope, body, unit, response)


@router.get("/news", response_model=Page[NewsOut],
            summary="Platform news (scope=all: and the news of my communities), highlighted and newest first")
async def platform_news(scope: PlatformScope, q: NewsQ, actor: CurrentActor,
                        scope_: Annotated[str, Query(alias="scope", pattern="^(platform|all)$",
                                                     description="all: my communities' news too")] = "platform",
                        category: Category = None, highlighted: Highlighted = None, phase: Phase = None,
                        limit: Limit = 20, cursor: str | None = None) -> Page[NewsOut]:
    if scope_ == "platform":
        return await _list(q, scope, category=category, highlighted=highlighted, phase=phase, limit=limit,
                           cursor=cursor)
    if phase is not None and phase is not NewsPhase.LIVE:
        raise Problem("The feed of all my news shows live articles only.", status=400, title="Bad Request")
    readable = {c.id: c for c in await q.readable_communities(actor)}
    f = NewsFilter(category=category, highlighted=highlighted, viewer_id=actor.user_id)  # no manager's view
    rows = await q.articles([None, *readable], f, now=_now(), after=decode_cursor(cursor), limit=limit)
    viewer = Scope(actor=actor)

    def shape(n: News) -> NewsOut:
        c = readable.get(n.community_id or "")
        return NewsOut.of(n, now=_now(), can_edit=False, can_manage=False,
                          community_name=c.name if c else None) if c else _out(n, viewer)
    return _page(rows, limit, shape)


@router.get("/news/{news_id}", response_model=NewsOut, summary="One platform-wide article")
async def platform_article_(article: PlatformArticle, response: Response) -> NewsOut:
    return _got(article, response)


@router.patch("/news/{news_id}", response_model=NewsOut,
              summary="Change a platform-wide article (operators; If-Match required)")
async def revise_platform_news(article: PlatformEditable, expected: IfMatch, body: NewsPatch, unit: UoW,
                               response: Response) -> NewsOut:
    return await _revise(article, expected, body, unit, response)


@router.delete("/news/{news_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a platform-wide article (operators; If-Match required)")
async def delete_platform_news(article: PlatformEditable, expected: IfMatch, unit: UoW, covers: Covers) -> Response:
    return await _delete(article, expected, unit, covers)


@router.post("/news/{news_id}/submit", response_model=NewsOut, summary="Publish a platform-wide draft (operators)")
async def submit_platform_news(article: PlatformEditable, expected: OptionalIfMatch, unit: UoW,
                               response: Response) -> NewsOut:
    return await _act(handlers.submit_news, article, expected, unit, response)


@router.post("/news/{news_id}/approve", response_model=NewsOut,
             summary="Approve a platform-wide article waiting for validation (operators)")
async def approve_platform_news(article: PlatformReviewable, expected: OptionalIfMatch, unit: UoW,
                                response: Response) -> NewsOut:
    return await _act(handlers.approve_news, article, expected, unit, response)


@router.post("/news/{news_id}/reject", response_model=NewsOut,
             summary="Send a platform-wide article back as a draft (operators)")
async def reject_platform_news(article: PlatformReviewable, expected: OptionalIfMatch, body: RejectIn, unit: UoW,
                               response: Response) -> NewsOut:
    return await _act(handlers.reject_news, article, expected, unit, response, reason=body.reason)


@router.post("/news/{news_id}/withdraw", response_model=NewsOut,
             summary="Withdraw a platform-wide article now (operators)")
async def withdraw_platform_news(article: PlatformEditable, expected: OptionalIfMatch, unit: UoW,
                                 response: Response) -> NewsOut:
    return await _act(handlers.withdraw_news, article, expected, unit, response)


@router.put("/news/{news_id}/cover", response_model=NewsOut,
            summary="Set a platform-wide article's cover image (raw PNG, JPEG or WebP, at most 5 MiB)",
            openapi_extra={"requestBody": {"required": True, "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in domain.COVER_TYPES}}})
async def put_platform_cover(article: PlatformEditable, request: Request, unit: UoW, covers: Covers,
                             response: Response) -> NewsOut:
    return await _put_cover(article, request, unit, covers, response)


@router.get("/news/{news_id}/cover", response_class=StreamingResponse, summary="A platform-wide article's cover",
            responses={200: {"content": {t: {} for t in domain.COVER_TYPES}}})
async def platform_cover(article: PlatformArticle, covers: Covers) -> StreamingResponse:
    return await _get_cover(article, covers)
