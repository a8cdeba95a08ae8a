"""Commands: what the notifications service is asked to do, by events or by members."""
from dataclasses import dataclass
from datetime import datetime

from contracts.events import DEFAULT_LANGUAGE, CommunityVisibility, Language, MembershipRole, MembershipStatus

from notifications.domain.model import Preferences


@dataclass(frozen=True)
class RecordProfile:
    user_id: str
    version: int
    display_name: str
    interests: list[str]
    competences: list[str]
    preferences: Preferences
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class EraseUser:
    user_id: str


@dataclass(frozen=True)
class RecordMembership:
    community_id: str
    user_id: str
    status: MembershipStatus
    changed_at: datetime
    source_event_id: str
    role: MembershipRole = MembershipRole.MEMBER
    community_name: str | None = None


@dataclass(frozen=True)
class NotifyProposalMatches:
    proposal_id: str
    owner_id: str | None
    title: str
    summary: str
    descriptors: list[str]
    source_event_id: str


@dataclass(frozen=True)
class NotifyInterestReceived:
    interest_id: str
    proposal_title: str
    proposal_owner_id: str | None
    message: str
    source_event_id: str
    sender_organisation: str | None = None  # set for an EEN partner's interest
    sender_country: str | None = None


@dataclass(frozen=True)
class NotifyInterestAnswered:
    interest_id: str
    proposal_title: str
    sender_id: str
    accepted: bool
    reason: str | None
    source_event_id: str


@dataclass(frozen=True)
class NotifyCommunityPost:
    post_id: str
    community_id: str
    author_id: str
    title: str
    excerpt: str
    source_event_id: str
    community_name: str | None = None
    visibility: CommunityVisibility | None = None
    mentioned_user_ids: tuple[str, ...] = ()


# -- a community's content (issue 9). Each carries where it lives: `community_id` (None:
# platform-wide), its name and access type as the event said them.
@dataclass(frozen=True)
class _Scoped:
    community_id: str | None
    community_name: str | None
    visibility: CommunityVisibility | None
    source_event_id: str


@dataclass(frozen=True)
class NotifyReply(_Scoped):
    reply_id: str
    post_id: str
    post_title: str
    post_author_id: str
    parent_author_id: str | None
    author_id: str
    excerpt: str
    mentioned_user_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotifyNewsPublished(_Scoped):
    news_id: str
    author_id: str
    title: str
    summary: str
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotifyNewsReviewed(_Scoped):
    news_id: str
    title: str
    author_id: str
    outcome: str  # NewsReviewOutcome's value
    reviewer_id: str | None
    reason: str | None
    reviewed_at: datetime


@dataclass(frozen=True)
class NotifyEventScheduled(_Scoped):
    event_id: str
    revision: int
    title: str
    starts_at: datetime
    place: str | None
    organiser_id: str
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotifyEventCancelled(_Scoped):
    event_id: str
    title: str
    starts_at: datetime
    participant_ids: tuple[str, ...]


@dataclass(frozen=True)
class NotifyRegistrationPromoted(_Scoped):
    event_id: str
    title: str
    user_id: str
    starts_at: datetime
    changed_at: datetime


@dataclass(frozen=True)
class NotifyEventReminder(_Scoped):
    event_id: str
    title: str
    starts_at: datetime
    place: str | None
    online_url: str | None
    participant_ids: tuple[str, ...]


@dataclass(frozen=True)
class NotifyConsultationOpened(_Scoped):
    consultation_id: str
    title: str
    summary: str
    opened_by: str | None = None
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotifyConsultationResults(_Scoped):
    consultation_id: str
    title: str
    participant_ids: tuple[str, ...]


@dataclass(frozen=True)
class NotifyContentModerated(_Scoped):
    content_kind: str  # ContentKind's value
    content_id: str
    content_title: str
    author_id: str
    action: str  # ModerationAction's value
    reason: str | None
    moderator_id: str | None
    moderated_at: datetime


@dataclass(frozen=True)
class NotifyInvitation:
    invitation_id: str
    community_id: str
    community_name: str
    visibility: CommunityVisibility
    invited_by: str
    user_id: str | None  # None: invited by e-mail address (not a member yet: nobody to tell here)
    source_event_id: str


@dataclass(frozen=True)
class NotifyCommunityReviewed:
    community_id: str
    community_name: str
    owner_id: str
    approved: bool
    reason: str | None
    version: int
    source_event_id: str


@dataclass(frozen=True)
class MarkRead:
    notification_id: str
    user_id: str


@dataclass(frozen=True)
class MarkAllRead:
    user_id: str
