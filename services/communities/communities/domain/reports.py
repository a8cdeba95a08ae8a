"""Reports and moderators' decisions: the rules that move a piece of content's moderation
state (`domain/moderation.py`). Pure: no I/O.

- Whoever may take part where the content lives (an active member of its community; anyone
  signed in for platform-wide news) reports a topic, reply, news item or document they can
  read, with a category and a text. Not their own content; once per member per item (a
  second report is a 409, whether the first is still open or was decided).
- When the item's *open* reports come from `threshold` distinct members, it is hidden until
  a manager looks at it (HIDDEN_PENDING_REVIEW, by nobody: `ContentModerated` without a
  moderator).
- A manager of the scope (owner and moderators; platform operators for platform-wide news)
  decides: *restore* (visible again), *hide* (with a reason: its author and the managers
  still see it, marked), *remove* (with a reason: a "removed by a moderator" trace remains).
  A decision closes the item's open reports with its outcome; the author is told
  (`ContentModerated`) whenever the state changes.
- Content in any other state than VISIBLE is already off readers' lists: reporting it is a
  409 for those who still see it (its author, managers), a 404 for everyone else; content its
  author deleted, or a news item not live, cannot be reported (404: readers do not see it)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from contracts.events import (
    ContentKind,
    ContentModerated,
    ContentReported,
    ModerationAction,
)
from servicekit.exceptions import NotFound

from communities.domain.access import Scope
from communities.domain.model import CommunityRuleViolation
from communities.domain.moderation import Moderation, ModerationState

TEXT_MAX = 1000
REASON_MAX = 1000


class ReportCategory(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"  # insults, harassment, hate
    MISINFORMATION = "misinformation"
    OFF_TOPIC = "off_topic"
    ILLEGAL = "illegal"  # unlawful content, someone's personal data
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # a manager decided; `outcome` says what


class Decision(StrEnum):
    RESTORE = "restore"
    HIDE = "hide"
    REMOVE = "remove"


_DECIDED = {Decision.RESTORE: (ModerationState.VISIBLE, ModerationAction.RESTORED),
            Decision.HIDE: (ModerationState.HIDDEN, ModerationAction.HIDDEN),
            Decision.REMOVE: (ModerationState.REMOVED, ModerationAction.REMOVED)}


def _now() -> datetime:
    return datetime.now(UTC)


def _ms(at: datetime) -> datetime:
    """To the millisecond (what BSON keeps), so what is stored reads back equal."""
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class ReportedContent:
    """What moderation knows of a piece of content kept by another capability."""

    kind: ContentKind
    id: str
    community_id: str | None  # None: platform-wide (news)
    author_id: str
    title: str
    text: str = ""  # the start of its body (markdown), for the managers' excerpt
    moderation: Moderation = field(default_factory=Moderation)
    available: bool = True  # readers may see it at all: not deleted by its author; news: live
    post_id: str | None = None  # a reply's topic
    at: datetime | None = None  # when it was published

    def seen_by(self, scope: Scope) -> bool:
        """Whether the actor sees it (in the lists, or as a trace)."""
        if not scope.can_read() or scope.community_id != self.community_id:
            return False
        if scope.can_manage() or self.author_id == scope.actor.user_id:
            return True
        return self.available and self.moderation.state in (ModerationState.VISIBLE, ModerationState.REMOVED)


@dataclass(frozen=True)
class Report:
    id: str
    community_id: str | None
    content_kind: ContentKind
    content_id: str
    content_title: str
    reporter_id: str
    category: ReportCategory
    text: str
    created_at: datetime
    status: ReportStatus = ReportStatus.OPEN
    outcome: ModerationAction | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None

    @property
    def reason(self) -> str:
        """The category and the reporter's words, as one line for the managers."""
        return f"{self.category.value}: {self.text}" if self.text else self.category.value

    def closed(self, outcome: ModerationAction, *, by: str, at: datetime) -> Report:
        return replace(self, status=ReportStatus.CLOSED, outcome=outcome, closed_by=by, closed_at=at)


def report(scope: Scope, content: ReportedContent, *, report_id: str, category: ReportCategory | str, text: str,
           open_reporters: set[str], already_reported: bool, threshold: int,
           now: datetime | None = None) -> tuple[Report, Moderation | None, list]:
    """A member reports the content. `open_reporters`: who reported it with a report still
    open; `already_reported`: whether this actor ever reported it. The new moderation state
    when this report hides it (else None), and the events."""
    now = _ms(now or _now())
    scope.require_participate("report content")
    if not content.seen_by(scope):
        raise NotFound(f"No {content.kind.value} {content.id}.")
    if not content.available:
        raise CommunityRuleViolation("This content is no longer published.")
    if content.author_id == scope.actor.user_id:
        raise CommunityRuleViolation("You cannot report your own content.")
    if content.moderation.state is not ModerationState.VISIBLE:
        raise CommunityRuleViolation("This content is already hidden or removed by the moderators.")
    if already_reported or scope.actor.user_id in open_reporters:
        raise CommunityRuleViolation("You have already reported this content.")
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise CommunityRuleViolation(f"A report has at most {TEXT_MAX} characters.")
    category = ReportCategory(category)
    if category is ReportCategory.OTHER and not text:
        raise CommunityRuleViolation("Say what is wrong with it.")
    new = Report(id=report_id, community_id=content.community_id, content_kind=content.kind, content_id=content.id,
                 content_title=content.title, reporter_id=scope.actor.user_id, category=category, text=text,
                 created_at=now)
    reporters = len(open_reporters | {scope.actor.user_id})
    events: list = [ContentReported(**scope.event_fields(), content_kind=content.kind, content_id=content.id,
                                    content_title=content.title, reporter_id=new.reporter_id, reason=new.reason,
                                    distinct_reporters=reporters, reported_at=now)]
    if reporters < max(1, threshold):
        return new, None, events
    hidden = Moderation(state=ModerationState.HIDDEN_PENDING_REVIEW, at=now)
    events.append(_moderated(scope, content, ModerationAction.HIDDEN_PENDING_REVIEW, None, None, now))
    return new, hidden, events


def decide(scope: Scope, content: ReportedContent, decision: Decision | str, *, reason: str = "",
           open_reports: list[Report], now: datetime | None = None) -> tuple[Moderation | None, list[Report], list]:
    """A manager's decision: the new moderation state (None: unchanged), the open reports
    it closes, and the events (ContentModerated when the state changed)."""
    now = _ms(now or _now())
    decision = Decision(decision)
    scope.require_manage("moderate content")
    if scope.community_id != content.community_id:
        raise NotFound(f"No {content.kind.value} {content.id}.")
    reason = reason.strip()
    if decision is not Decision.RESTORE and not reason:
        raise CommunityRuleViolation("Say why, so its author knows.")
    if len(reason) > REASON_MAX:
        raise CommunityRuleViolation(f"A reason has at most {REASON_MAX} characters.")
    state, action = _DECIDED[decision]
    current = content.moderation.state
    if current is state and (decision is not Decision.RESTORE or not open_reports):
        raise CommunityRuleViolation({
            Decision.RESTORE: "This content is visible and has no open reports.",
            Decision.HIDE: "This content is already hidden.",
            Decision.REMOVE: "This content is already removed."}[decision])
    closed = [r.closed(action, by=scope.actor.user_id, at=now) for r in open_reports]
    if current is state:  # visible with open reports: the reports are dismissed, nothing else changes
        return None, closed, []
    moderation = Moderation(state=state, reason=reason or None, by=scope.actor.user_id, at=now)
    return moderation, closed, [_moderated(scope, content, action, reason or None, scope.actor.user_id, now)]


def dismiss(scope: Scope, open_reports: list[Report], *, now: datetime | None = None) -> list[Report]:
    """A manager dismisses the open reports of content that is gone (deleted for good by its
    author): closed as RESTORED, nothing else to change or tell."""
    now = _ms(now or _now())
    scope.require_manage("moderate content")
    return [r.closed(ModerationAction.RESTORED, by=scope.actor.user_id, at=now) for r in open_reports]


def _moderated(scope: Scope, content: ReportedContent, action: ModerationAction, reason: str | None,
               moderator_id: str | None, now: datetime) -> ContentModerated:
    return ContentModerated(**scope.event_fields(), content_kind=content.kind, content_id=content.id,
                            content_title=content.title, author_id=content.author_id, action=action, reason=reason,
                            moderator_id=moderator_id, moderated_at=now)
