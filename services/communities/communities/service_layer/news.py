"""Commands and handlers of news (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

Every handler loads the scope (the community, or the platform) inside its transaction and
lets the domain (`domain/news.py`) decide; an article the actor may not read answers 404,
like one that does not exist."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from contracts.events import IntegrationEvent
from contracts.taxonomy import load_taxonomy
from servicekit.exceptions import NotFound
from servicekit.ids import new_id
from servicekit.telemetry import untraced
from servicekit.unit_of_work import UnitOfWork
from servicekit.versioning import check_version

from communities.domain import news as domain
from communities.domain.access import Actor, Scope
from communities.domain.news import Cover, News, NewsCategory
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class NewsRepository(Protocol):
    async def add(self, news: News) -> None: ...

    async def get(self, news_id: str) -> News | None: ...

    async def save(self, news: News) -> None:
        """Optimistic: the stored version must be news.version - 1 (else ConcurrentModification)."""

    async def delete(self, news_id: str) -> None: ...

    async def due_announcements(self, now: datetime, limit: int) -> list[str]:
        """Ids of published articles whose publish_at has come, not yet announced, not yet expired."""

    async def due_withdrawals(self, now: datetime, limit: int) -> list[str]:
        """Ids of published articles whose withdraw_at has come."""


class NewsContext(ScopeSource, Protocol):
    news: NewsRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteNews:
    community_id: str | None  # None: platform-wide
    actor: Actor
    title: str
    summary: str
    body: str
    category: NewsCategory
    publish_at: datetime | None = None
    withdraw_at: datetime | None = None
    highlighted: bool = False
    descriptors: list[str] = field(default_factory=list)
    submit: bool = False  # submit at once (published, or to validation)


@dataclass(frozen=True)
class ReviseNews:
    community_id: str | None
    news_id: str
    actor: Actor
    expected_version: int | None
    changes: dict  # only the fields the writer sent (withdraw_at None clears it)


@dataclass(frozen=True)
class NewsAction:
    """submit, approve, withdraw (and reject, with a reason)."""

    community_id: str | None
    news_id: str
    actor: Actor
    expected_version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class DeleteNews:
    community_id: str | None
    news_id: str
    actor: Actor
    expected_version: int | None


@dataclass(frozen=True)
class SetCover:
    """The cover was stored already (GridFS, outside the transaction); the article now
    points at it. The result says which file the article pointed at before."""

    community_id: str | None
    news_id: str
    actor: Actor
    cover: Cover


@dataclass(frozen=True)
class AnnounceDue:
    news_id: str
    now: datetime


@dataclass(frozen=True)
class FindDue:
    now: datetime
    limit: int = 100


# -- handlers ---------------------------------------------------------------------------------
async def _article(ctx: NewsContext, community_id: str | None, news_id: str, actor: Actor) -> tuple[Scope, News]:
    """The article in its scope, as the actor sees it: 404 for an article of another scope,
    or one the actor may not read (a draft of someone else)."""
    scope = (await load_scope(ctx, community_id, actor)).require_read()
    news = await ctx.news.get(news_id)
    if news is None or news.community_id != community_id or not news.readable_by(scope, datetime.now(UTC)):
        raise NotFound(f"No article {news_id}.")
    return scope, news


async def _save(ctx: NewsContext, news: News, events: list) -> News:
    await ctx.news.save(news)
    for event in events:
        ctx.publish(event)
    return news


async def write_news(cmd: WriteNews, ctx: NewsContext) -> News:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_write_news()
    if cmd.descriptors:
        load_taxonomy().require_known(cmd.descriptors)
    news = domain.write(scope, news_id=new_id(), title=cmd.title, summary=cmd.summary, body=cmd.body,
                        category=cmd.category, publish_at=cmd.publish_at, withdraw_at=cmd.withdraw_at,
                        highlighted=cmd.highlighted, descriptors=cmd.descriptors)
    events: list = []
    if cmd.submit:
        news, events = news.submit(scope)
        news = _as_new(news)
    await ctx.news.add(news)
    for event in events:
        ctx.publish(event)
    return news


def _as_new(news: News) -> News:
    return replace(news, version=1)  # stored for the first time


async def revise_news(cmd: ReviseNews, ctx: NewsContext) -> News:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    if cmd.changes.get("descriptors"):
        load_taxonomy().require_known(cmd.changes["descriptors"])
    revised, events = news.revise(scope, **cmd.changes)
    if revised is news:
        return news
    return await _save(ctx, revised, events)


async def submit_news(cmd: NewsAction, ctx: NewsContext) -> News:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    return await _save(ctx, *news.submit(scope))


async def approve_news(cmd: NewsAction, ctx: NewsContext) -> News:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    return await _save(ctx, *news.approve(scope))


async def reject_news(cmd: NewsAction, ctx: NewsContext) -> News:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    return await _save(ctx, *news.reject(scope, reason=cmd.reason))


async def withdraw_news(cmd: NewsAction, ctx: NewsContext) -> News:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    withdrawn, events = news.withdraw(scope)
    if withdrawn is news:
        return news
    return await _save(ctx, withdrawn, events)


async def delete_news(cmd: DeleteNews, ctx: NewsContext) -> Cover | None:
    """Gone for good; the cover it pointed at is the caller's to delete once committed."""
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    check_version(news.version, cmd.expected_version)
    events = news.deleted(scope)
    await ctx.news.delete(news.id)
    for event in events:
        ctx.publish(event)
    return news.cover


async def set_cover(cmd: SetCover, ctx: NewsContext) -> tuple[News, Cover | None]:
    scope, news = await _article(ctx, cmd.community_id, cmd.news_id, cmd.actor)
    if not news.editable_by(scope):
        raise domain.NotAllowed("Only its author or a manager can change the cover.")
    if news.status is domain.NewsStatus.WITHDRAWN:
        raise domain.CommunityRuleViolation("This article was withdrawn: it can no longer be changed.")
    changed = replace(news, cover=cmd.cover, updated_at=cmd.cover.uploaded_at, version=news.version + 1)
    await ctx.news.save(changed)
    return changed, news.cover


# -- the scheduler ----------------------------------------------------------------------------
async def find_due(cmd: FindDue, ctx: NewsContext) -> tuple[list[str], list[str]]:
    return (await ctx.news.due_announcements(cmd.now, cmd.limit),
            await ctx.news.due_withdrawals(cmd.now, cmd.limit))


async def announce_due(cmd: AnnounceDue, ctx: NewsContext) -> int:
    """One due article: NewsPublished when its publish_at has come, NewsWithdrawn when its
    withdraw_at has; each once (the article remembers), so running twice tells once."""
    news = await ctx.news.get(cmd.news_id)
    if news is None:
        return 0
    scope = await load_scope(ctx, news.community_id, Actor("scheduler"))
    if news.community_id is not None and scope.community is None:
        return 0  # its community is gone: nobody to tell
    expired, events = news.expire(scope, cmd.now)
    if expired is news:
        expired, events = news.announce(scope, cmd.now)
    if expired is news:
        return 0
    await _save(ctx, expired, events)
    return 1


async def run_due(uow: UnitOfWork, now: datetime) -> int:
    """What has come due by `now`, handled in transactions of its own; how many were."""
    handled = 0
    while True:
        with untraced():  # an idle service exports no spans
            announcements, withdrawals = await uow.handle(find_due, FindDue(now))
        ids = list(dict.fromkeys([*announcements, *withdrawals]))
        if not ids:
            return handled
        changed = 0
        for news_id in ids:
            changed += 1 if await uow.handle(announce_due, AnnounceDue(news_id=news_id, now=now)) else 0
        handled += changed
        full = len(announcements) >= FindDue.limit or len(withdrawals) >= FindDue.limit
        if not full or not changed:  # a full batch that changed nothing would come back the same
            return handled
