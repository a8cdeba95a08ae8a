"""HTTP request and response bodies of discussion: topics and their threaded replies."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain import discussion as domain
from communities.domain.discussion import Post, Reply, Viewer
from communities.domain.moderation import ModerationState
from communities.entrypoints.rendering import render_markdown

BODY_DOC = "Markdown; mention a member with @[Name](user:USER_ID)"


class PostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText = Field(min_length=1, max_length=domain.TITLE_MAX)
    body: MultiLineText = Field(min_length=1, max_length=domain.BODY_MAX, description=BODY_DOC)


class PostPatch(BaseModel):
    """Only what changes."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=1, max_length=domain.TITLE_MAX)
    body: MultiLineText | None = Field(default=None, min_length=1, max_length=domain.BODY_MAX, description=BODY_DOC)


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: MultiLineText = Field(min_length=1, max_length=domain.BODY_MAX, description=BODY_DOC)
    parent_reply_id: str | None = Field(default=None, max_length=64,
                                        description="the reply this one answers (absent: the topic)")


class ReplyPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: MultiLineText = Field(min_length=1, max_length=domain.BODY_MAX, description=BODY_DOC)


class ModerationOut(BaseModel):
    state: ModerationState
    reason: str | None = Field(default=None, description="for managers and the author")
    at: datetime | None = None


def _moderation(item: Post | Reply, viewer: Viewer) -> ModerationOut:
    m = item.moderation
    return ModerationOut(state=m.state, reason=m.reason if viewer.sees_reason(item) else None, at=m.at)


def _text(item: Post | Reply, viewer: Viewer) -> tuple[str, str]:
    """The markdown and its safe HTML; nothing where only a trace is left."""
    if item.deleted or not viewer.sees_content(item):
        return "", ""
    return item.body, render_markdown(item.body)


class PostOut(BaseModel):
    id: str
    community_id: str
    author_id: str
    title: str
    body: str = Field(description="markdown; empty when removed by its author or by a moderator")
    body_html: str = Field(description="the body rendered and sanitised on the server")
    excerpt: str
    published_at: datetime
    version: int
    edited_at: datetime | None = Field(default=None, description="the 'edited' trace")
    deleted: bool = Field(default=False, description="removed by its author: a trace, replies kept")
    deleted_at: datetime | None = None
    closed: bool = False
    closed_at: datetime | None = None
    closed_by: str | None = None
    reply_count: int = 0
    last_activity_at: datetime
    mentioned_user_ids: list[str] = []
    moderation: ModerationOut
    removed_by_moderator: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_close: bool = Field(default=False, description="the owner and moderators close and reopen it")
    can_reply: bool = False

    @classmethod
    def of(cls, p: Post, viewer: Viewer, *, participates: bool = False) -> PostOut:
        body, html = _text(p, viewer)
        trace_only = p.removed_by_moderator and not viewer.manager
        mine = p.author_id == viewer.user_id
        return cls(
            id=p.id, community_id=p.community_id, author_id=p.author_id, title="" if trace_only else p.title,
            body=body, body_html=html, excerpt=domain.plain_excerpt(body) if body else "",
            published_at=p.published_at, version=p.version, edited_at=p.edited_at, deleted=p.deleted,
            deleted_at=p.deleted_at, closed=p.closed, closed_at=p.closed_at, closed_by=p.closed_by,
            reply_count=p.reply_count, last_activity_at=p.last_activity_at or p.published_at,
            mentioned_user_ids=list(p.mentioned_user_ids) if body else [], moderation=_moderation(p, viewer),
            removed_by_moderator=p.removed_by_moderator,
            can_edit=mine and not p.deleted and not p.removed_by_moderator, can_delete=mine and not p.deleted,
            can_close=viewer.manager and not p.deleted,
            can_reply=participates and not p.closed and not p.deleted and p.moderation.visible)


class ReplyOut(BaseModel):
    id: str
    post_id: str
    community_id: str
    author_id: str
    parent_reply_id: str | None = None
    parent_author_id: str | None = None
    depth: int = Field(description=f"1 answers the topic; threads nest to {domain.THREAD_DEPTH} levels")
    body: str
    body_html: str
    published_at: datetime
    version: int
    edited_at: datetime | None = None
    deleted: bool = False
    deleted_at: datetime | None = None
    mentioned_user_ids: list[str] = []
    moderation: ModerationOut
    removed_by_moderator: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_reply: bool = False

    @classmethod
    def of(cls, r: Reply, viewer: Viewer, *, can_reply: bool = False) -> ReplyOut:
        body, html = _text(r, viewer)
        mine = r.author_id == viewer.user_id
        return cls(
            id=r.id, post_id=r.post_id, community_id=r.community_id, author_id=r.author_id,
            parent_reply_id=r.parent_id, parent_author_id=r.parent_author_id, depth=r.depth, body=body,
            body_html=html, published_at=r.published_at, version=r.version, edited_at=r.edited_at,
            deleted=r.deleted, deleted_at=r.deleted_at, mentioned_user_ids=list(r.mentioned_user_ids) if body else [],
            moderation=_moderation(r, viewer), removed_by_moderator=r.removed_by_moderator,
            can_edit=mine and not r.deleted and not r.removed_by_moderator, can_delete=mine and not r.deleted,
            can_reply=can_reply and not r.deleted and r.moderation.visible)


class ThreadOut(PostOut):
    """A topic with the first page of its replies, in thread order."""

    replies: list[ReplyOut] = []
    replies_next_cursor: str | None = Field(default=None, description="GET …/replies?cursor= for more")
