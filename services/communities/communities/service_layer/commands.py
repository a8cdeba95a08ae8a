"""Commands: what callers ask the communities service to do."""
from dataclasses import dataclass

from contracts.events import CommunityVisibility, MembershipRole


@dataclass(frozen=True)
class CreateCommunity:
    owner_id: str
    name: str
    description: str
    visibility: CommunityVisibility
    descriptors: list[str]
    parent_id: str | None = None  # a sub-community of this one (the caller manages it)
    needs_validation: bool = False  # wait for a platform operator (validation required, caller no operator)
    members_listed: bool = True
    news_requires_validation: bool = False


@dataclass(frozen=True)
class ReviseCommunity:
    community_id: str
    by: str
    expected_version: int | None
    name: str | None = None
    description: str | None = None
    visibility: CommunityVisibility | None = None
    descriptors: list[str] | None = None
    members_listed: bool | None = None
    news_requires_validation: bool | None = None


@dataclass(frozen=True)
class ReviewCommunity:
    """A platform operator's decision on a community waiting for validation."""

    community_id: str
    by: str
    operator: bool
    approved: bool
    reason: str | None = None


@dataclass(frozen=True)
class JoinCommunity:
    community_id: str
    user_id: str


@dataclass(frozen=True)
class LeaveCommunity:
    community_id: str
    user_id: str


@dataclass(frozen=True)
class DecideRequest:
    community_id: str
    user_id: str
    by: str
    approve: bool


@dataclass(frozen=True)
class AssignRole:
    community_id: str
    user_id: str
    role: MembershipRole
    by: str


@dataclass(frozen=True)
class EraseUser:
    user_id: str
