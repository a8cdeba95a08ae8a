"""Events published by the communities service."""
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent


class CommunityVisibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class MembershipRole(StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"
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


class PostPublished(IntegrationEvent):
    event_type: ClassVar[str] = "communities.post.published.v1"
    topic: ClassVar[str] = topics.COMMUNITIES_POST
    subject_field: ClassVar[str] = "post_id"

    post_id: str
    community_id: str
    community_visibility: CommunityVisibility
    author_id: str
    title: str
    excerpt: str
    published_at: datetime
