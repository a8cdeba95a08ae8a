"""HTTP routes of moderation: reports, the moderation queue, hiding and removing content. Thin: parse, authorise, call a handler, shape the answer.

- Members report content where they take part: `POST /communities/{id}/reports` (and
  `POST /reports` for platform-wide news, by anyone signed in).
- The community's managers (platform operators for platform news) see the queue
  (`GET …/moderation/queue`: open reports, or `?status=decided`: hidden and removed content)
  and decide on one item: `POST …/moderation/{kind}/{content_id}/restore|hide|remove`."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from contracts.events import ContentKind
from fastapi import Depends, Query, Response, status
from servicekit.http.dependencies import Database, UoW, provided
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from servicekit.http.routing import ServiceRouter

from communities.adapters.moderation import ModerationQueries, QueueEntry
from communities.domain.access import Scope
from communities.domain.reports import Decision
from communities.entrypoints.access import (
    ManagedPlatformScope,
    ManagedScope,
    ParticipatingScope,
    PlatformScope,
)
from communities.entrypoints.schemas_moderation import (
    DecisionIn,
    QueueItemOut,
    ReportedOut,
    ReportIn,
)
from communities.service_layer import moderation as handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["moderation"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]


class QueueStatus(StrEnum):
    OPEN = "open"  # content with open reports (hidden pending review, or still visible)
    DECIDED = "decided"  # content a manager hid or removed


QueueStatusQ = Annotated[QueueStatus, Query(alias="status", description="open (reported) or decided (hidden, "
                                                                         "removed)")]


def moderation_queries(db: Database) -> ModerationQueries:
    return ModerationQueries(db)


Queries = Annotated[ModerationQueries, Depends(moderation_queries)]


def _not_found(kind: ContentKind, content_id: str) -> Problem:
    return Problem(f"No {kind.value} {content_id}.", status=404, title="Not Found")


# -- shared implementations -----------------------------------------------------------------------
async def _report(scope: Scope, body: ReportIn, unit, settings: CommunitiesSettings,
                  response: Response) -> ReportedOut:
    done = await unit.handle(handlers.report_content, handlers.ReportContent(
        community_id=scope.community_id, actor=scope.actor, kind=body.kind, content_id=body.content_id,
        category=body.category, text=body.text, threshold=settings.report_hide_threshold))
    r = done.report
    base = f"communities/{scope.community_id}/moderation" if scope.community_id else "moderation"
    response.headers["Location"] = f"{base}/{r.content_kind.value}/{r.content_id}"
    return ReportedOut(id=r.id, kind=r.content_kind, content_id=r.content_id, category=r.category, text=r.text,
                       created_at=r.created_at, content_hidden=done.hidden)


def _cursor(entry: QueueEntry) -> str:
    assert entry.last_reported_at is not None
    return encode_cursor(f"{entry.last_reported_at.isoformat()}|{entry.content.id}")


def _before(cursor: str | None) -> tuple[datetime, str] | None:
    value = decode_cursor(cursor)
    if value is None:
        return None
    at, _, content_id = value.partition("|")
    try:
        return datetime.fromisoformat(at), content_id
    except ValueError as exc:
        raise Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor") from exc


async def _queue(q: ModerationQueries, scope: Scope, queue: QueueStatus, limit: int,
                 cursor: str | None) -> Page[QueueItemOut]:
    if queue is QueueStatus.DECIDED:
        if cursor:
            raise Problem("The decided list has one page.", status=400, title="Invalid cursor")
        rows = await q.decided(scope.community_id, limit=limit)
        return Page(items=[QueueItemOut.of(e) for e in rows])
    rows = await q.open_queue(scope.community_id, before=_before(cursor), limit=limit)
    page = rows[:limit]
    more = _cursor(page[-1]) if len(rows) > limit and page else None
    return Page(items=[QueueItemOut.of(e) for e in page], next_cursor=more)


async def _item(q: ModerationQueries, scope: Scope, kind: ContentKind, content_id: str) -> QueueItemOut:
    if scope.is_platform and kind is not ContentKind.NEWS:
        raise _not_found(kind, content_id)
    entry = await q.entry(kind, content_id)
    if entry is None or entry.content.community_id != scope.community_id:
        raise _not_found(kind, content_id)
    return QueueItemOut.of(entry)


async def _decide(q: ModerationQueries, scope: Scope, kind: ContentKind, content_id: str, decision: Decision,
                  body: DecisionIn | None, unit) -> QueueItemOut:
    done = await unit.handle(handlers.decide, handlers.Decide(
        community_id=scope.community_id, actor=scope.actor, kind=kind, content_id=content_id, decision=decision,
        reason=body.reason if body else ""))
    entry = await q.entry(kind, content_id)
    if entry is None:  # gone: its reports were dismissed
        return QueueItemOut(kind=kind, content_id=content_id, community_id=scope.community_id, title="", excerpt="",
                            author_id="", available=False, gone=True, state=done.moderation.state
                            if done.moderation else "visible", open_reports=0, reports=[])
    return QueueItemOut.of(entry)


# -- reports ----------------------------------------------------------------------------------------
@router.post("/communities/{community_id}/reports", status_code=status.HTTP_201_CREATED, response_model=ReportedOut,
             summary="Report a topic, reply, news item or document of the community (its active members; once "
                     "per member and item)")
async def report_community_content(community_id: str, scope: ParticipatingScope, body: ReportIn, unit: UoW,
                                   settings: Settings, response: Response) -> ReportedOut:
    return await _report(scope, body, unit, settings, response)


@router.post("/reports", status_code=status.HTTP_201_CREATED, response_model=ReportedOut,
             summary="Report a platform-wide news item (anyone signed in; once per member and item)")
async def report_platform_content(scope: PlatformScope, body: ReportIn, unit: UoW, settings: Settings,
                                  response: Response) -> ReportedOut:
    return await _report(scope, body, unit, settings, response)


# -- the managers' queue ------------------------------------------------------------------------------
@router.get("/communities/{community_id}/moderation/queue", response_model=Page[QueueItemOut],
            summary="The moderation queue: reported content with its reports, the most recently reported first "
                    "(owner, moderators)")
async def community_queue(community_id: str, scope: ManagedScope, q: Queries,
                          queue: QueueStatusQ = QueueStatus.OPEN, limit: Limit = 20,
                          cursor: str | None = None) -> Page[QueueItemOut]:
    return await _queue(q, scope, queue, limit, cursor)


@router.get("/communities/{community_id}/moderation/{kind}/{content_id}", response_model=QueueItemOut,
            summary="One piece of content with every report it had (owner, moderators)")
async def community_item(community_id: str, kind: ContentKind, content_id: str, scope: ManagedScope,
                         q: Queries) -> QueueItemOut:
    return await _item(q, scope, kind, content_id)


@router.post("/communities/{community_id}/moderation/{kind}/{content_id}/restore", response_model=QueueItemOut,
             summary="Make it visible again and close its reports (owner, moderators)")
async def restore_community_content(community_id: str, kind: ContentKind, content_id: str, scope: ManagedScope,
                                    q: Queries, unit: UoW, body: DecisionIn | None = None) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.RESTORE, body, unit)


@router.post("/communities/{community_id}/moderation/{kind}/{content_id}/hide", response_model=QueueItemOut,
             summary="Hide it, with a reason: its author and the managers still see it (owner, moderators)")
async def hide_community_content(community_id: str, kind: ContentKind, content_id: str, scope: ManagedScope,
                                 q: Queries, body: DecisionIn, unit: UoW) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.HIDE, body, unit)


@router.post("/communities/{community_id}/moderation/{kind}/{content_id}/remove", response_model=QueueItemOut,
             summary="Remove it, with a reason: a \"removed by a moderator\" trace remains (owner, moderators)")
async def remove_community_content(community_id: str, kind: ContentKind, content_id: str, scope: ManagedScope,
                                   q: Queries, body: DecisionIn, unit: UoW) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.REMOVE, body, unit)


# -- platform-wide news: the operators moderate -----------------------------------------------------------
@router.get("/moderation/queue", response_model=Page[QueueItemOut],
            summary="The platform's moderation queue: reported platform-wide news (platform operators)")
async def platform_queue(scope: ManagedPlatformScope, q: Queries, queue: QueueStatusQ = QueueStatus.OPEN,
                         limit: Limit = 20, cursor: str | None = None) -> Page[QueueItemOut]:
    return await _queue(q, scope, queue, limit, cursor)


@router.get("/moderation/{kind}/{content_id}", response_model=QueueItemOut,
            summary="One platform-wide news item with every report it had (platform operators)")
async def platform_item(kind: ContentKind, content_id: str, scope: ManagedPlatformScope, q: Queries) -> QueueItemOut:
    return await _item(q, scope, kind, content_id)


@router.post("/moderation/{kind}/{content_id}/restore", response_model=QueueItemOut,
             summary="Make a platform-wide news item visible again and close its reports (platform operators)")
async def restore_platform_content(kind: ContentKind, content_id: str, scope: ManagedPlatformScope, q: Queries,
                                   unit: UoW, body: DecisionIn | None = None) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.RESTORE, body, unit)


@router.post("/moderation/{kind}/{content_id}/hide", response_model=QueueItemOut,
             summary="Hide a platform-wide news item, with a reason (platform operators)")
async def hide_platform_content(kind: ContentKind, content_id: str, scope: ManagedPlatformScope, q: Queries,
                                body: DecisionIn, unit: UoW) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.HIDE, body, unit)


@router.post("/moderation/{kind}/{content_id}/remove", response_model=QueueItemOut,
             summary="Remove a platform-wide news item, with a reason (platform operators)")
async def remove_platform_content(kind: ContentKind, content_id: str, scope: ManagedPlatformScope, q: Queries,
                                  body: DecisionIn, unit: UoW) -> QueueItemOut:
    return await _decide(q, scope, kind, content_id, Decision.REMOVE, body, unit)
