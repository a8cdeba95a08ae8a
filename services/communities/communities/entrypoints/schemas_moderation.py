"""HTTP request and response bodies of moderation: reports and the managers' queue."""
from __future__ import annotations

from datetime import datetime

from contracts.events import ContentKind, ModerationAction
from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.adapters.moderation import QueueEntry
from communities.domain import reports as domain
from communities.domain.moderation import ModerationState
from communities.domain.reports import Report, ReportCategory, ReportStatus
from communities.entrypoints.rendering import plain_excerpt

EXCERPT = 240


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ContentKind = Field(description="post (a discussion topic), reply, news or document")
    content_id: SingleLineText = Field(min_length=1, max_length=64)
    category: ReportCategory
    text: MultiLineText = Field(default="", max_length=domain.TEXT_MAX,
                                description="what is wrong with it (needed for the category other)")


class ReportedOut(BaseModel):
    """What the reporter gets back: their report, and whether it hid the content."""

    id: str
    kind: ContentKind
    content_id: str
    category: ReportCategory
    text: str
    created_at: datetime
    content_hidden: bool = Field(description="this report brought the content to the hiding threshold")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: MultiLineText = Field(default="", max_length=domain.REASON_MAX,
                                  description="told to the author; needed to hide or remove")


class ReportOut(BaseModel):
    id: str
    reporter_id: str
    category: ReportCategory
    text: str
    created_at: datetime
    status: ReportStatus
    outcome: ModerationAction | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None

    @classmethod
    def of(cls, r: Report) -> ReportOut:
        return cls(id=r.id, reporter_id=r.reporter_id, category=r.category, text=r.text, created_at=r.created_at,
                   status=r.status, outcome=r.outcome, closed_by=r.closed_by, closed_at=r.closed_at)


class QueueItemOut(BaseModel):
    """A piece of content as the managers see it in their queue, with its reports."""

    kind: ContentKind
    content_id: str
    community_id: str | None
    post_id: str | None = Field(default=None, description="a reply's topic")
    title: str
    excerpt: str = Field(description="the start of its text, without markdown")
    author_id: str
    published_at: datetime | None = None
    available: bool = Field(description="false: deleted by its author, or a news item no longer live")
    gone: bool = Field(default=False, description="deleted for good: only its reports are left (dismiss them)")
    state: ModerationState
    reason: str | None = Field(default=None, description="the moderator's reason")
    moderated_by: str | None = None
    moderated_at: datetime | None = None
    open_reports: int
    last_reported_at: datetime | None = None
    reports: list[ReportOut]

    @classmethod
    def of(cls, e: QueueEntry, *, gone: bool = False) -> QueueItemOut:
        c = e.content
        return cls(kind=c.kind, content_id=c.id, community_id=c.community_id, post_id=c.post_id, title=c.title,
                   excerpt=plain_excerpt(c.text, EXCERPT) if c.text else "", author_id=c.author_id,
                   published_at=c.at, available=c.available, gone=gone or not c.author_id,
                   state=c.moderation.state, reason=c.moderation.reason, moderated_by=c.moderation.by,
                   moderated_at=c.moderation.at,
                   open_reports=sum(1 for r in e.reports if r.status is ReportStatus.OPEN),
                   last_reported_at=e.last_reported_at, reports=[ReportOut.of(r) for r in e.reports])
