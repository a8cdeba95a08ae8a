"""News: articles in a community, or platform-wide (the Region's news desk). Pure: no I/O.

- Writers: in a community its managers and members with the author role; platform-wide,
  platform operators (`domain/access.py`, `Scope.can_write_news`). An article is edited,
  withdrawn or deleted by its author or by a manager of its scope.
- Workflow: DRAFT → (TO_VALIDATE) → PUBLISHED → WITHDRAWN. Submitting a draft publishes it
  at once for a manager; for an author of a community with `news_requires_validation` it
  waits in TO_VALIDATE until a manager approves it (→ PUBLISHED) or rejects it with a reason
  (→ DRAFT, the reason kept for the author). An author who edits a published article of such
  a community sends it back to TO_VALIDATE.
- A PUBLISHED article is *live* while `publish_at <= now < withdraw_at`: readers' queries
  decide that at query time, so visibility never waits for the scheduler. The scheduler only
  *announces*: `NewsPublished` once when publish_at has come (`announce`), `NewsWithdrawn`
  once when withdraw_at has come (`expire`). Both are idempotent: the article remembers what
  was announced.
- Highlighting an article is a manager's choice (operators' for platform news).
- Moderation (`domain/moderation.py`) decides who still sees a published article."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from contracts.events import (
    NewsPublished,
    NewsReviewed,
    NewsReviewOutcome,
    NewsWithdrawn,
)

from communities.domain.access import Scope
from communities.domain.model import MAX_DESCRIPTORS, CommunityRuleViolation, NotAllowed
from communities.domain.moderation import Moderation, ModerationState

TITLE_MAX = 200
SUMMARY_MAX = 500
BODY_MAX = 50000
REASON_MAX = 1000
COVER_MAX_BYTES = 5 * 1024 * 1024
COVER_TYPES = ("image/png", "image/jpeg", "image/webp")


class NewsCategory(StrEnum):
    ANNOUNCEMENT = "announcement"
    CALL_FOR_FUNDING = "call_for_funding"
    EVENT_REPORT = "event_report"
    SUCCESS_STORY = "success_story"
    REGIONAL_POLICY = "regional_policy"
    OTHER = "other"


class NewsStatus(StrEnum):
    DRAFT = "draft"
    TO_VALIDATE = "to_validate"
    PUBLISHED = "published"  # live, or scheduled while publish_at is ahead
    WITHDRAWN = "withdrawn"


class NewsPhase(StrEnum):
    """What an article is at one moment, as lists and the editor show it."""

    DRAFT = "draft"
    TO_VALIDATE = "to_validate"
    SCHEDULED = "scheduled"  # published, publish_at still ahead
    LIVE = "live"
    WITHDRAWN = "withdrawn"  # by hand, or its withdraw_at has come


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(at: datetime | None) -> datetime | None:
    """Times are kept in UTC, to the millisecond (what BSON keeps)."""
    if at is None:
        return None
    if at.tzinfo is None:
        raise CommunityRuleViolation("A time needs its offset from UTC.")
    at = at.astimezone(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class Cover:
    file_id: str
    content_type: str
    size: int
    uploaded_at: datetime


@dataclass(frozen=True)
class News:
    id: str
    community_id: str | None  # None: platform-wide
    author_id: str
    title: str
    summary: str
    body: str
    category: NewsCategory
    publish_at: datetime
    created_at: datetime
    updated_at: datetime
    withdraw_at: datetime | None = None
    highlighted: bool = False
    descriptors: tuple[str, ...] = ()
    status: NewsStatus = NewsStatus.DRAFT
    version: int = 1
    cover: Cover | None = None
    submitted_at: datetime | None = None
    review_reason: str | None = None  # why a manager sent it back
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    announced_at: datetime | None = None  # NewsPublished went out
    withdrawn_at: datetime | None = None  # withdrawn by hand, or when withdraw_at came
    withdrawn_by: str | None = None  # None: its withdraw_at came
    withdrawal_announced: bool = False  # NewsWithdrawn went out (or there was nothing to withdraw)
    moderation: Moderation = field(default_factory=Moderation)

    # -- what it is now -------------------------------------------------------------------
    def phase(self, now: datetime) -> NewsPhase:
        if self.status is NewsStatus.PUBLISHED:
            if self.withdraw_at is not None and self.withdraw_at <= now:
                return NewsPhase.WITHDRAWN
            return NewsPhase.LIVE if self.publish_at <= now else NewsPhase.SCHEDULED
        return NewsPhase(self.status.value)

    def is_live(self, now: datetime) -> bool:
        return self.phase(now) is NewsPhase.LIVE

    def editable_by(self, scope: Scope) -> bool:
        """Its author (while still a writer of the scope) or a manager of the scope."""
        return scope.can_manage() or (scope.can_write_news() and self.author_id == scope.actor.user_id)

    def readable_by(self, scope: Scope, now: datetime) -> bool:
        """Whoever reads the scope sees it live and not hidden by moderation; its author and
        the managers see it in every state (a moderator's removal leaves readers a trace)."""
        if not scope.can_read():
            return False
        if self.editable_by(scope):
            return True
        return self.is_live(now) and self.moderation.state in (ModerationState.VISIBLE, ModerationState.REMOVED)

    # -- writers --------------------------------------------------------------------------
    def revise(self, scope: Scope, *, now: datetime | None = None, **changes) -> tuple[News, list]:
        """Changes some of title, summary, body, category, publish_at, withdraw_at,
        highlighted, descriptors. An author's edit of a published article of a community that
        validates news sends it back to validation (a NewsReviewed "submitted")."""
        now = now or _now()
        _require_editor(self, scope, "edit this article")
        if self.status is NewsStatus.WITHDRAWN or self.phase(now) is NewsPhase.WITHDRAWN:
            raise CommunityRuleViolation("This article was withdrawn: it can no longer be changed.")
        if self.moderation.state is ModerationState.REMOVED:
            raise CommunityRuleViolation("This article was removed by a moderator.")
        if changes.get("highlighted") and not self.highlighted and not scope.can_manage():
            raise NotAllowed("Only a manager can highlight an article.")
        fields = {k: v for k, v in changes.items() if v is not None or k == "withdraw_at"}
        if "withdraw_at" in changes:
            fields["withdraw_at"] = _utc(changes["withdraw_at"])
        if fields.get("publish_at") is not None:
            fields["publish_at"] = _utc(fields["publish_at"])
        for key in ("title", "summary", "body"):
            if key in fields:
                fields[key] = fields[key].strip()
        if "category" in fields:
            fields["category"] = NewsCategory(fields["category"])
        if "descriptors" in fields:
            fields["descriptors"] = _dedupe(fields["descriptors"])
        revised = replace(self, **fields)
        if revised == self:
            return self, []
        _check(revised)
        revised = replace(revised, updated_at=now, version=self.version + 1)
        events: list = []
        if (self.status is NewsStatus.PUBLISHED and _validated(scope) and not scope.can_manage()):
            revised = replace(revised, status=NewsStatus.TO_VALIDATE, submitted_at=now, review_reason=None)
            events.append(revised._reviewed(scope, NewsReviewOutcome.SUBMITTED, now))
        return revised, events

    def submit(self, scope: Scope, *, now: datetime | None = None) -> tuple[News, list]:
        """A draft goes to validation (an author where the community validates news) or is
        published (at publish_at; announced at once if that has come)."""
        now = now or _now()
        _require_editor(self, scope, "submit this article")
        if self.status is not NewsStatus.DRAFT:
            raise CommunityRuleViolation(f"Only a draft can be submitted; this article is {self.status.value}.")
        _check(self)
        if _validated(scope) and not scope.can_manage():
            pending = replace(self, status=NewsStatus.TO_VALIDATE, submitted_at=now, review_reason=None,
                              updated_at=now, version=self.version + 1)
            return pending, [pending._reviewed(scope, NewsReviewOutcome.SUBMITTED, now)]
        return self._publish(scope, now)

    def withdraw(self, scope: Scope, *, now: datetime | None = None) -> tuple[News, list]:
        """Off the lists at once; NewsWithdrawn if it had been announced. Withdrawing a
        withdrawn article changes nothing."""
        now = now or _now()
        _require_editor(self, scope, "withdraw this article")
        if self.status is NewsStatus.WITHDRAWN:
            return self, []
        if self.status is not NewsStatus.PUBLISHED:
            raise CommunityRuleViolation("Only a published article can be withdrawn; delete a draft instead.")
        if self.phase(now) is NewsPhase.WITHDRAWN:  # its time came already: the scheduler's to announce
            return self.expire(scope, now)
        return self._withdrawn(scope, now, by=scope.actor.user_id)

    def deleted(self, scope: Scope, *, now: datetime | None = None) -> list:
        """The events deleting it causes: a live article that was announced is withdrawn."""
        now = now or _now()
        _require_editor(self, scope, "delete this article")
        if self.announced_at is not None and not self.withdrawal_announced:
            return [self._withdrawal_event(scope, now)]
        return []

    # -- managers -------------------------------------------------------------------------
    def approve(self, scope: Scope, *, now: datetime | None = None) -> tuple[News, list]:
        now = now or _now()
        _require_manager(scope, "approve news")
        if self.status is not NewsStatus.TO_VALIDATE:
            raise CommunityRuleViolation("Only an article waiting for validation can be approved.")
        approved = replace(self, reviewed_by=scope.actor.user_id, reviewed_at=now, review_reason=None)
        published, events = approved._publish(scope, now)
        return published, [published._reviewed(scope, NewsReviewOutcome.APPROVED, now), *events]

    def reject(self, scope: Scope, *, reason: str, now: datetime | None = None) -> tuple[News, list]:
        now = now or _now()
        _require_manager(scope, "reject news")
        if self.status is not NewsStatus.TO_VALIDATE:
            raise CommunityRuleViolation("Only an article waiting for validation can be rejected.")
        reason = reason.strip()
        if not reason:
            raise CommunityRuleViolation("Say why, so the author can put it right.")
        if len(reason) > REASON_MAX:
            raise CommunityRuleViolation(f"A reason has at most {REASON_MAX} characters.")
        back = replace(self, status=NewsStatus.DRAFT, review_reason=reason, reviewed_by=scope.actor.user_id,
                       reviewed_at=now, updated_at=now, version=self.version + 1)
        return back, [back._reviewed(scope, NewsReviewOutcome.REJECTED, now)]

    # -- the scheduler --------------------------------------------------------------------
    def announce(self, scope: Scope, now: datetime) -> tuple[News, list]:
        """Its publish_at has come: NewsPublished, once. Nothing if not live, already told, or
        hidden by a moderator before it went live."""
        if self.announced_at is not None or not self.is_live(now) or not self.moderation.visible:
            return self, []
        told = replace(self, announced_at=now, version=self.version + 1)
        return told, [told._published_event(scope)]

    def expire(self, scope: Scope, now: datetime) -> tuple[News, list]:
        """Its withdraw_at has come: WITHDRAWN, and NewsWithdrawn once if it had been announced."""
        if self.status is not NewsStatus.PUBLISHED or self.withdraw_at is None or self.withdraw_at > now:
            return self, []
        return self._withdrawn(scope, self.withdraw_at, by=None)

    # -- moderation -----------------------------------------------------------------------
    @property
    def removed_by_moderator(self) -> bool:
        return self.moderation.state is ModerationState.REMOVED

    # -- inside ---------------------------------------------------------------------------
    def _publish(self, scope: Scope, now: datetime) -> tuple[News, list]:
        published = replace(self, status=NewsStatus.PUBLISHED, updated_at=now, version=self.version + 1)
        if published.withdraw_at is not None and published.withdraw_at <= now:
            raise CommunityRuleViolation("Its withdrawal time has already passed: change it first.")
        if published.is_live(now):
            published = replace(published, announced_at=now)
            return published, [published._published_event(scope)]
        return published, []  # scheduled: the scheduler announces it when publish_at comes

    def _withdrawn(self, scope: Scope, at: datetime, *, by: str | None) -> tuple[News, list]:
        events = [self._withdrawal_event(scope, at)] if self.announced_at is not None else []
        withdrawn = replace(self, status=NewsStatus.WITHDRAWN, withdrawn_at=at, withdrawn_by=by,
                            withdrawal_announced=True, updated_at=max(at, self.updated_at), version=self.version + 1)
        return withdrawn, events

    def _published_event(self, scope: Scope) -> NewsPublished:
        return NewsPublished(**scope.event_fields(), news_id=self.id, author_id=self.author_id, title=self.title,
                             summary=self.summary, category=self.category.value, highlighted=self.highlighted,
                             descriptors=list(self.descriptors), published_at=self.publish_at,
                             withdraw_at=self.withdraw_at)

    def _withdrawal_event(self, scope: Scope, at: datetime) -> NewsWithdrawn:
        return NewsWithdrawn(**scope.event_fields(), news_id=self.id, withdrawn_at=at)

    def _reviewed(self, scope: Scope, outcome: NewsReviewOutcome, now: datetime) -> NewsReviewed:
        return NewsReviewed(**scope.event_fields(), news_id=self.id, title=self.title, author_id=self.author_id,
                            outcome=outcome, reason=self.review_reason if outcome is NewsReviewOutcome.REJECTED
                            else None,
                            reviewer_id=None if outcome is NewsReviewOutcome.SUBMITTED else scope.actor.user_id,
                            reviewed_at=now)


def write(scope: Scope, *, news_id: str, title: str, summary: str, body: str, category: NewsCategory | str,
          publish_at: datetime | None = None, withdraw_at: datetime | None = None, highlighted: bool = False,
          descriptors: list[str] | tuple[str, ...] = (), now: datetime | None = None) -> News:
    """A writer of the scope starts an article, as a draft (the caller checked the scope
    exists and reads)."""
    now = now or _now()
    if not scope.can_write_news():
        who = "platform operators" if scope.is_platform else "the community's managers and authors"
        raise NotAllowed(f"Only {who} can write news here.")
    if highlighted and not scope.can_manage():
        raise NotAllowed("Only a manager can highlight an article.")
    news = News(id=news_id, community_id=scope.community_id, author_id=scope.actor.user_id, title=title.strip(),
                summary=summary.strip(), body=body.strip(), category=NewsCategory(category),
                publish_at=_utc(publish_at) or _utc(now), withdraw_at=_utc(withdraw_at), highlighted=highlighted,
                descriptors=_dedupe(descriptors), created_at=now, updated_at=now)
    _check(news)
    return news


def check_cover(content: bytes, sniffed: str | None) -> str:
    """The content type of an acceptable cover (the caller sniffed it from the bytes), or
    the domain's refusal: too large, or not a PNG, JPEG or WebP image."""
    if len(content) > COVER_MAX_BYTES:
        raise CoverTooLarge(f"A cover image has at most {COVER_MAX_BYTES // (1024 * 1024)} MiB.")
    if not content:
        raise CoverNotAnImage("The cover image is empty.")
    if sniffed not in COVER_TYPES:
        raise CoverNotAnImage("A cover image must be a PNG, JPEG or WebP picture.")
    return sniffed


class CoverTooLarge(ValueError):
    """413."""


class CoverNotAnImage(ValueError):
    """415."""


def _validated(scope: Scope) -> bool:
    return scope.community is not None and scope.community.news_requires_validation


def _require_editor(news: News, scope: Scope, action: str) -> None:
    if not news.editable_by(scope):
        raise NotAllowed(f"Only its author or a manager can {action}.")


def _require_manager(scope: Scope, action: str) -> None:
    if not scope.can_manage():
        who = "platform operators" if scope.is_platform else "the community's owner and moderators"
        raise NotAllowed(f"Only {who} can {action}.")


def _check(news: News) -> None:
    if not news.title:
        raise CommunityRuleViolation("An article needs a title.")
    if len(news.title) > TITLE_MAX:
        raise CommunityRuleViolation(f"A title has at most {TITLE_MAX} characters.")
    if len(news.summary) > SUMMARY_MAX:
        raise CommunityRuleViolation(f"A summary has at most {SUMMARY_MAX} characters.")
    if not news.body:
        raise CommunityRuleViolation("Write the article first: the text is empty.")
    if len(news.body) > BODY_MAX:
        raise CommunityRuleViolation(f"An article has at most {BODY_MAX} characters.")
    if news.withdraw_at is not None and news.withdraw_at <= news.publish_at:
        raise CommunityRuleViolation("The withdrawal time must come after the publication time.")
    if len(news.descriptors) > MAX_DESCRIPTORS:
        raise CommunityRuleViolation(f"At most {MAX_DESCRIPTORS} descriptors.")


def _dedupe(codes) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
