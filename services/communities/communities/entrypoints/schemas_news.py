"""HTTP request and response bodies of news."""
from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain import news as domain
from communities.domain.moderation import ModerationState
from communities.domain.news import News, NewsCategory, NewsPhase, NewsStatus
from communities.entrypoints.rendering import render_markdown

Descriptors = list[SingleLineText]


class NewsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText = Field(min_length=1, max_length=domain.TITLE_MAX)
    summary: MultiLineText = Field(default="", max_length=domain.SUMMARY_MAX)
    body: MultiLineText = Field(min_length=1, max_length=domain.BODY_MAX, description="Markdown")
    category: NewsCategory
    publish_at: AwareDatetime | None = Field(default=None, description="UTC; now if absent")
    withdraw_at: AwareDatetime | None = None
    highlighted: bool = Field(default=False, description="managers only")
    descriptors: Descriptors = Field(default=[], max_length=20,
                                     description="taxonomy codes: platform news reaches members interested in them")
    submit: bool = Field(default=False, description="submit at once: published, or sent for validation")


class NewsPatch(BaseModel):
    """Only what changes; `withdraw_at: null` takes the withdrawal time away."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=1, max_length=domain.TITLE_MAX)
    summary: MultiLineText | None = Field(default=None, max_length=domain.SUMMARY_MAX)
    body: MultiLineText | None = Field(default=None, min_length=1, max_length=domain.BODY_MAX)
    category: NewsCategory | None = None
    publish_at: AwareDatetime | None = None
    withdraw_at: AwareDatetime | None = None
    highlighted: bool | None = None
    descriptors: Descriptors | None = Field(default=None, max_length=20)


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: MultiLineText = Field(min_length=1, max_length=domain.REASON_MAX)


class CoverOut(BaseModel):
    content_type: str
    size: int
    uploaded_at: datetime
    url: str = Field(description="the image, relative to the service (send the bearer token)")


class NewsOut(BaseModel):
    id: str
    community_id: str | None
    community_name: str | None = None
    author_id: str
    title: str
    summary: str
    body: str
    body_html: str = Field(description="the body rendered and sanitised on the server")
    category: NewsCategory
    publish_at: datetime
    withdraw_at: datetime | None
    highlighted: bool
    descriptors: list[str]
    status: NewsStatus
    phase: NewsPhase = Field(description="draft, to_validate, scheduled, live or withdrawn, now")
    version: int
    cover: CoverOut | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    review_reason: str | None = Field(default=None, description="why a manager sent it back (author, managers)")
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    moderation_state: ModerationState = ModerationState.VISIBLE
    removed_by_moderator: bool = False
    can_edit: bool = False
    can_review: bool = False

    @classmethod
    def of(cls, n: News, *, now: datetime, can_edit: bool, can_manage: bool,
           community_name: str | None = None) -> NewsOut:
        base = f"/communities/{n.community_id}/news/{n.id}" if n.community_id else f"/news/{n.id}"
        trace_only = n.removed_by_moderator and not can_manage
        cover = None if n.cover is None or trace_only else CoverOut(
            content_type=n.cover.content_type, size=n.cover.size, uploaded_at=n.cover.uploaded_at,
            url=f"{base}/cover?v={n.cover.file_id}")
        insider = can_edit or can_manage
        return cls(
            id=n.id, community_id=n.community_id, community_name=community_name, author_id=n.author_id,
            title="" if trace_only else n.title, summary="" if trace_only else n.summary,
            body="" if trace_only else n.body, body_html="" if trace_only else render_markdown(n.body),
            category=n.category, publish_at=n.publish_at, withdraw_at=n.withdraw_at, highlighted=n.highlighted,
            descriptors=list(n.descriptors), status=n.status, phase=n.phase(now), version=n.version, cover=cover,
            created_at=n.created_at, updated_at=n.updated_at, submitted_at=n.submitted_at if insider else None,
            review_reason=n.review_reason if insider else None, reviewed_by=n.reviewed_by if insider else None,
            reviewed_at=n.reviewed_at if insider else None,
            moderation_state=n.moderation.state if insider else (
                ModerationState.REMOVED if n.removed_by_moderator else ModerationState.VISIBLE),
            removed_by_moderator=n.removed_by_moderator, can_edit=can_edit and not n.removed_by_moderator,
            can_review=can_manage and n.status is NewsStatus.TO_VALIDATE)
