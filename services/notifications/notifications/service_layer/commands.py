"""Commands: what the notifications service is asked to do, by events or by members."""
from dataclasses import dataclass
from datetime import datetime

from contracts.events import DEFAULT_LANGUAGE, Language, MembershipRole, MembershipStatus
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


@dataclass(frozen=True)
class MarkRead:
    notification_id: str
    user_id: str


@dataclass(frozen=True)
class MarkAllRead:
    user_id: str
