"""Events published by the communities service."""
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent


class CommunityVisibility(StrEnum):
    """The community's access type. `public` is the one the web client calls *open*."""

    PUBLIC = "public"    # open: listed, anyone joins at once, content readable by every member of the platform
    PRIVATE = "private"  # listed, joining needs a manager's approval, content for its members only
    CLOSED = "closed"    # by invitation only: invisible to non-members everywhere (search, counts, notices)


class CommunityStatus(StrEnum):
    """Whether a platform operator let the community be seen (COMMUNITY_VALIDATION_REQUIRED)."""

    ACTIVE = "active"
    PENDING_VALIDATION = "pending_validation"
    REJECTED = "rejected"


class MembershipRole(StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"
    AUTHOR = "author"  # a member who may also write the community's news
    MEMBER = "member"


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"   # asked to join a private community, awaiting a moderator
    LEFT = "left"
    REMOVED = "removed"


class _CommunityState(IntegrationEvent):
    topic: ClassVar[str] = topics.COMMUNITIES_COMMUNITY
    subject_field: ClassVar[str] = "community_id"

    community_id: str
    version: int
    name: str
    description: str
    visibility: CommunityVisibility
    descriptors: list[str]
    owner_id: str
    # Added with sub-communities and validation; absent from events published before.
    parent_id: str | None = None
    status: CommunityStatus = CommunityStatus.ACTIVE


class CommunityCreated(_CommunityState):
    event_type: ClassVar[str] = "communities.community.created.v1"


class CommunityUpdated(_CommunityState):
    event_type: ClassVar[str] = "communities.community.updated.v1"


class MembershipChanged(IntegrationEvent):
    """Keyed by community so one community's membership history stays ordered."""

    event_type: ClassVar[str] = "communities.membership.changed.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_MEMBERSHIP
    subject_field: ClassVar[str] = "community_id"

    community_id: str
    user_id: str
    role: MembershipRole
    status: MembershipStatus
    community_visibility: CommunityVisibility
    changed_at: datetime
    # The community's name when the change happened, so a consumer can say where (e.g. "Carla
    # asked to join “Space robotics”") without keeping its own copy of communities. Absent
    # from events published before it was added.
    community_name: str | None = None


class CommunityReviewed(_CommunityState):
    """A platform operator validated the community (status active) or refused it (rejected,
    with the reason): its owner is told."""

    event_type: ClassVar[str] = "communities.community.reviewed.v1"

    reason: str | None = None


class InvitationIssued(IntegrationEvent):
    """A manager invited a registered member (user_id) or an e-mail address (email). The
    signed link itself never travels on the bus: the manager shares it, or the e-mail
    sender asks for a fresh one."""

    event_type: ClassVar[str] = "communities.invitation.issued.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_MEMBERSHIP
    subject_field: ClassVar[str] = "community_id"

    invitation_id: str
    community_id: str
    community_name: str
    community_visibility: CommunityVisibility
    invited_by: str
    user_id: str | None = None
    email: str | None = None
    expires_at: datetime


class PostPublished(IntegrationEvent):
    """A new discussion topic. Keyed by community, like all of a community's content."""

    event_type: ClassVar[str] = "communities.post.published.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_DISCUSSION
    subject_field: ClassVar[str] = "community_id"

    post_id: str
    community_id: str
    community_visibility: CommunityVisibility
    author_id: str
    title: str
    excerpt: str
    published_at: datetime
    community_name: str | None = None
    mentioned_user_ids: list[str] = []  # active members named with @ in the body
