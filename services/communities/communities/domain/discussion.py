"""Discussion: topics (posts) and their threaded replies in a community. Pure: no I/O.

- A topic has a title and a markdown body; replies answer the topic or another reply.
  Threads nest to THREAD_DEPTH levels for display; a reply to a reply at the last level is
  shown flat beside it (its `parent_id` still says whom it answers).
- Only the author edits (an "edited" trace stays: `edited_at`) or deletes (a "removed by
  its author" trace stays: the body is gone for good, the replies are kept).
- A community's owner and moderators close a topic to new replies, and reopen it.
- Mentions are written `@[Display name](user:USER_ID)`; the handler keeps those naming
  active members of the community other than the author, and the events carry them.
- Moderation (`domain/moderation.py`) decides who still sees a topic or reply; see
  `Viewer` for what each reader gets of it."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from contracts.events import PostPublished, ReplyPublished

from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.moderation import Moderation, ModerationState

TITLE_MAX = 200
BODY_MAX = 20000
THREAD_DEPTH = 3  # levels of replies shown nested; deeper ones sit flat at the last level
MAX_MENTIONS = 50  # more names than this in one text are not all told
EXCERPT_LENGTH = 280

# -- text: mentions and plain excerpts (pure; the HTML rendering is in entrypoints/rendering.py)
MENTION = re.compile(r"@\[([^\]\n]{1,120})\]\(user:([A-Za-z0-9-]{1,64})\)")


def mentioned_user_ids(text: str) -> list[str]:
    """The user ids named with `@[Name](user:ID)`, in order of first mention, each once."""
    return list(dict.fromkeys(m.group(2) for m in MENTION.finditer(text)))


def plain_excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The text without markdown marks, for notifications and lists."""
    plain = MENTION.sub(lambda m: "@" + m.group(1), text)
    plain = re.sub(r"\]\((?:https?://|mailto:)[^)]*\)", "", plain)  # keep a link's label, drop its target
    plain = re.sub(r"[*_`>#\[\]]", "", plain)
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[:length - 1].rstrip() + "…"


def _now() -> datetime:
    """To the millisecond: what BSON keeps, so a stored time reads back the same."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _check_text(title: str | None, body: str) -> None:
    if title is not None and not title:
        raise CommunityRuleViolation("A topic needs a title.")
    if not body:
        raise CommunityRuleViolation("Write something first: the text is empty.")
    if title is not None and len(title) > TITLE_MAX:
        raise CommunityRuleViolation(f"A title has at most {TITLE_MAX} characters.")
    if len(body) > BODY_MAX:
        raise CommunityRuleViolation(f"A text has at most {BODY_MAX} characters.")


def _require_author(author_id: str, user_id: str, what: str) -> None:
    if author_id != user_id:
        raise NotAllowed(f"Only its author can {what}.")


@dataclass(frozen=True)
class Post:
    """A discussion topic."""

    id: str
    community_id: str
    author_id: str
    title: str
    body: str
    published_at: datetime
    version: int = 1
    edited_at: datetime | None = None
    deleted_at: datetime | None = None  # removed by its author: the trace stays, the body is gone
    closed_at: datetime | None = None  # closed to new replies by a moderator
    closed_by: str | None = None
    reply_count: int = 0  # kept by the store ($inc), not by edits
    last_activity_at: datetime | None = None  # the latest reply (or the topic itself)
    mentioned_user_ids: tuple[str, ...] = ()
    moderation: Moderation = field(default_factory=Moderation)  # moved by the moderation capability

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def removed_by_moderator(self) -> bool:
        return self.moderation.state is ModerationState.REMOVED

    # -- the author -----------------------------------------------------------------------
    def edit(self, *, by: str, title: str | None, body: str | None, mentioned: Iterable[str] = ()) -> Post:
        _require_author(self.author_id, by, "edit this topic")
        self._require_editable()
        title = self.title if title is None else title.strip()
        body = self.body if body is None else body.strip()
        _check_text(title, body)
        if (title, body) == (self.title, self.body):
            return self
        return replace(self, title=title, body=body, edited_at=_now(), version=self.version + 1,
                       mentioned_user_ids=tuple(m for m in mentioned if m != by))

    def delete(self, *, by: str) -> Post:
        """The author takes the topic back: its body is gone, the trace and replies stay.
        Deleting again changes nothing."""
        _require_author(self.author_id, by, "delete this topic")
        if self.deleted:
            return self
        return replace(self, body="", mentioned_user_ids=(), deleted_at=_now(), version=self.version + 1)

    # -- moderators ----------------------------------------------------------------------
    def close(self, *, by: str) -> Post:
        """Closed to new replies (the caller checked that `by` moderates). Closing a closed
        topic changes nothing."""
        if self.closed:
            return self
        if self.deleted:
            raise CommunityRuleViolation("This topic was removed by its author.")
        return replace(self, closed_at=_now(), closed_by=by, version=self.version + 1)

    def reopen(self) -> Post:
        if not self.closed:
            return self
        return replace(self, closed_at=None, closed_by=None, version=self.version + 1)

    # -- members -------------------------------------------------------------------------
    def reply(self, community: Community, *, reply_id: str, author: Membership | None, body: str,
              parent: Reply | None = None, mentioned: Iterable[str] = ()) -> tuple[Reply, ReplyPublished]:
        if author is None or not author.is_active:
            raise NotAllowed("Only the community's members can reply.")
        if self.closed:
            raise CommunityRuleViolation("This topic is closed to new replies.")
        if self.deleted or not self.moderation.visible:
            raise CommunityRuleViolation("This topic can no longer be answered.")
        if parent is not None:
            if parent.post_id != self.id:
                raise CommunityRuleViolation("That reply belongs to another topic.")
            if parent.deleted or not parent.moderation.visible:
                raise CommunityRuleViolation("That reply can no longer be answered.")
        body = body.strip()
        _check_text(None, body)
        mentioned = tuple(m for m in mentioned if m != author.user_id)
        if parent is None:
            depth, thread_key = 1, reply_id
        elif parent.depth < THREAD_DEPTH:
            depth, thread_key = parent.depth + 1, f"{parent.thread_key}/{reply_id}"
        else:  # as deep as threads go: beside the parent, after it
            depth, thread_key = parent.depth, f"{parent.thread_key.rpartition('/')[0]}/{reply_id}".lstrip("/")
        now = _now()
        reply = Reply(id=reply_id, post_id=self.id, community_id=self.community_id, post_title=self.title,
                      author_id=author.user_id, body=body, published_at=now, parent_id=parent.id if parent else None,
                      parent_author_id=parent.author_id if parent else None, depth=depth, thread_key=thread_key,
                      mentioned_user_ids=mentioned)
        event = ReplyPublished(
            community_id=community.id, community_name=community.name, community_visibility=community.visibility,
            reply_id=reply.id, post_id=self.id, post_title=self.title, post_author_id=self.author_id,
            parent_reply_id=reply.parent_id, parent_author_id=reply.parent_author_id, author_id=reply.author_id,
            excerpt=plain_excerpt(body), mentioned_user_ids=list(mentioned), published_at=now)
        return reply, event

    def _require_editable(self) -> None:
        if self.deleted:
            raise CommunityRuleViolation("This topic was removed by its author.")
        if self.removed_by_moderator:
            raise CommunityRuleViolation("This topic was removed by a moderator.")


@dataclass(frozen=True)
class Reply:
    """A reply in a topic. `thread_key` orders a thread: the ids (time-ordered UUIDv7) of
    its ancestors and its own, joined by '/', so sorting by it lists each reply after its
    parent and siblings oldest first."""

    id: str
    post_id: str
    community_id: str
    post_title: str  # the topic's title (kept in step with it), for moderation's queue
    author_id: str
    body: str
    published_at: datetime
    parent_id: str | None = None
    parent_author_id: str | None = None
    depth: int = 1
    thread_key: str = ""
    version: int = 1
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    mentioned_user_ids: tuple[str, ...] = ()
    moderation: Moderation = field(default_factory=Moderation)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def removed_by_moderator(self) -> bool:
        return self.moderation.state is ModerationState.REMOVED

    def edit(self, *, by: str, body: str, mentioned: Iterable[str] = ()) -> Reply:
        _require_author(self.author_id, by, "edit this reply")
        if self.deleted:
            raise CommunityRuleViolation("This reply was removed by its author.")
        if self.removed_by_moderator:
            raise CommunityRuleViolation("This reply was removed by a moderator.")
        body = body.strip()
        _check_text(None, body)
        if body == self.body:
            return self
        return replace(self, body=body, edited_at=_now(), version=self.version + 1,
                       mentioned_user_ids=tuple(m for m in mentioned if m != by))

    def delete(self, *, by: str) -> Reply:
        _require_author(self.author_id, by, "delete this reply")
        if self.deleted:
            return self
        return replace(self, body="", mentioned_user_ids=(), deleted_at=_now(), version=self.version + 1)


def publish_post(community: Community, *, post_id: str, author: Membership | None, title: str, body: str,
                 mentioned: Iterable[str] = ()) -> tuple[Post, PostPublished]:
    """A member starts a topic. `mentioned`: the active members the body names (the
    handler resolved them); the author is never told of their own mention."""
    if author is None or not author.is_active:
        raise NotAllowed("Only the community's members can post in it.")
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise CommunityRuleViolation("A post needs a title and a body.")
    _check_text(title, body)
    mentioned = tuple(m for m in mentioned if m != author.user_id)
    now = _now()
    post = Post(id=post_id, community_id=community.id, author_id=author.user_id, title=title, body=body,
                published_at=now, last_activity_at=now, mentioned_user_ids=mentioned)
    return post, PostPublished(post_id=post.id, community_id=community.id, community_visibility=community.visibility,
                               community_name=community.name, author_id=post.author_id, title=post.title,
                               excerpt=plain_excerpt(post.body), published_at=post.published_at,
                               mentioned_user_ids=list(mentioned))


# -- what one reader sees of a topic or reply ---------------------------------------------
@dataclass(frozen=True)
class Viewer:
    """A reader of a community's discussion: managers (owner, moderators) see everything,
    marked; an author sees their own hidden content, marked; everyone else sees visible
    content, and a "removed by a moderator" trace (no content) where a moderator removed it."""

    user_id: str
    manager: bool = False

    def sees(self, item: Post | Reply) -> bool:
        state = item.moderation.state
        if state is ModerationState.VISIBLE or state is ModerationState.REMOVED:
            return True
        return self.manager or item.author_id == self.user_id

    def sees_content(self, item: Post | Reply) -> bool:
        """False: show the trace only (removed by a moderator, to anyone but managers)."""
        return not item.removed_by_moderator or self.manager

    def sees_reason(self, item: Post | Reply) -> bool:
        return self.manager or item.author_id == self.user_id
