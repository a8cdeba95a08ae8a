"""Events about a community's content beyond discussion topics: replies, news, documents,
calendar events, consultations and moderation. Content is *scoped*: to one community, or
platform-wide (published by platform operators: `community_id` is None). Every event is
keyed by its scope (the community id, or PLATFORM_SCOPE), so one community's content stays
in order on each topic. Events of a private or closed community carry its visibility, so a
consumer can keep them from anyone who is not an active member."""
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent
from contracts.events.communities import CommunityVisibility

PLATFORM_SCOPE = "platform"  # the key (and CloudEvents subject) of platform-wide content


class _ScopedContent(IntegrationEvent):
    subject_field: ClassVar[str] = "community_id"

    community_id: str | None = None  # None: platform-wide
    community_name: str | None = None
    community_visibility: CommunityVisibility | None = None

    def subject(self) -> str:
        return self.community_id or PLATFORM_SCOPE


# -- discussion ------------------------------------------------------------------------------
class ReplyPublished(_ScopedContent):
    """A reply in a discussion topic: the topic's author and the author of the reply it
    answers hear of it, and the members it mentions."""

    event_type: ClassVar[str] = "communities.reply.published.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_DISCUSSION

    reply_id: str
    post_id: str
    post_title: str
    post_author_id: str
    parent_reply_id: str | None = None
    parent_author_id: str | None = None
    author_id: str
    excerpt: str
    mentioned_user_ids: list[str] = []
    published_at: datetime


# -- news ------------------------------------------------------------------------------------
class NewsPublished(_ScopedContent):
    """An article became visible: at once, or when its publication time came."""

    event_type: ClassVar[str] = "communities.news.published.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_NEWS

    news_id: str
    author_id: str
    title: str
    summary: str
    category: str
    highlighted: bool = False
    descriptors: list[str] = []  # platform-wide news reaches members whose interests match
    published_at: datetime
    withdraw_at: datetime | None = None


class NewsWithdrawn(_ScopedContent):
    event_type: ClassVar[str] = "communities.news.withdrawn.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_NEWS

    news_id: str
    withdrawn_at: datetime


class NewsReviewOutcome(StrEnum):
    SUBMITTED = "submitted"  # the author asks a manager to validate it
    APPROVED = "approved"
    REJECTED = "rejected"


class NewsReviewed(_ScopedContent):
    """The validation workflow moved: submitted (the community's managers are told), approved
    or rejected (the author is told, with the reason)."""

    event_type: ClassVar[str] = "communities.news.reviewed.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_NEWS

    news_id: str
    title: str
    author_id: str
    outcome: NewsReviewOutcome
    reviewer_id: str | None = None
    reason: str | None = None
    reviewed_at: datetime


# -- documents -------------------------------------------------------------------------------
class DocumentShared(_ScopedContent):
    """A document was uploaded, or a new version of one (version > 1)."""

    event_type: ClassVar[str] = "communities.document.shared.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_DOCUMENT

    document_id: str
    folder_id: str | None = None
    title: str
    version: int
    content_type: str
    size: int
    uploaded_by: str
    shared_at: datetime


# -- calendar events -------------------------------------------------------------------------
class EventScheduled(_ScopedContent):
    """A community or platform-wide event was published (or changed: `revision` > 1)."""

    event_type: ClassVar[str] = "communities.event.scheduled.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_EVENT

    event_id: str
    revision: int = 1
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    place: str | None = None
    online_url: str | None = None
    organiser_id: str
    descriptors: list[str] = []


class EventCancelled(_ScopedContent):
    event_type: ClassVar[str] = "communities.event.cancelled.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_EVENT

    event_id: str
    title: str
    starts_at: datetime
    participant_ids: list[str] = []  # registered and waiting: they are told


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"      # the event is full: first in, first promoted
    CANCELLED = "cancelled"  # by the participant


class RegistrationChanged(_ScopedContent):
    """A member registered, was put on the waiting list, was promoted from it, or cancelled."""

    event_type: ClassVar[str] = "communities.event.registration_changed.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_EVENT

    event_id: str
    title: str
    user_id: str
    status: RegistrationStatus
    promoted: bool = False  # moved up from the waiting list: the member is told
    starts_at: datetime
    changed_at: datetime


class EventReminderDue(_ScopedContent):
    """An event starts soon (EVENT_REMINDER_HOURS): its registered participants are reminded."""

    event_type: ClassVar[str] = "communities.event.reminder_due.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_EVENT

    event_id: str
    title: str
    starts_at: datetime
    time_zone: str
    place: str | None = None
    online_url: str | None = None
    participant_ids: list[str]


# -- consultations ---------------------------------------------------------------------------
class ConsultationOpened(_ScopedContent):
    event_type: ClassVar[str] = "communities.consultation.opened.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_CONSULTATION

    consultation_id: str
    title: str
    summary: str
    opens_at: datetime
    closes_at: datetime
    descriptors: list[str] = []
    opened_by: str | None = None  # who wrote it (not told of their own consultation)


class ConsultationClosed(_ScopedContent):
    event_type: ClassVar[str] = "communities.consultation.closed.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_CONSULTATION

    consultation_id: str
    title: str
    closed_at: datetime
    results_public: bool  # participants may now see the results
    participant_ids: list[str] = []  # told that the results are out, when results_public


# -- moderation ------------------------------------------------------------------------------
class ContentKind(StrEnum):
    POST = "post"
    REPLY = "reply"
    NEWS = "news"
    DOCUMENT = "document"


class ModerationAction(StrEnum):
    HIDDEN_PENDING_REVIEW = "hidden_pending_review"  # reported by REPORT_HIDE_THRESHOLD members
    HIDDEN = "hidden"
    REMOVED = "removed"
    RESTORED = "restored"


class ContentModerated(_ScopedContent):
    """A manager (or the report threshold) hid, removed or restored a piece of content: its
    author is told, with the reason."""

    event_type: ClassVar[str] = "communities.content.moderated.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_MODERATION

    content_kind: ContentKind
    content_id: str
    content_title: str
    author_id: str
    action: ModerationAction
    reason: str | None = None
    moderator_id: str | None = None  # None: the report threshold hid it
    moderated_at: datetime


class ContentReported(_ScopedContent):
    """A member reported content; the community's managers see it in their queue."""

    event_type: ClassVar[str] = "communities.content.reported.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_MODERATION

    content_kind: ContentKind
    content_id: str
    content_title: str
    reporter_id: str
    reason: str
    distinct_reporters: int
    reported_at: datetime
