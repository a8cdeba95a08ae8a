"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from contracts.events import (
    CommunityStatus,
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
)
from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain.model import (
    MAX_DESCRIPTORS,
    NAME_MAX,
    NAME_MIN,
    REVIEW_REASON_MAX,
    Community,
    Membership,
)

ACCESS_HELP = ("access type: public (open: anyone joins at once), private (listed; joining needs a "
               "manager's approval), closed (by invitation only; invisible to non-members)")


class CommunityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText = Field(min_length=NAME_MIN, max_length=NAME_MAX)
    description: MultiLineText = Field(default="", max_length=5000)
    visibility: CommunityVisibility = Field(description=ACCESS_HELP)
    descriptors: list[str] = Field(min_length=1, max_length=MAX_DESCRIPTORS)
    parent_id: SingleLineText | None = Field(default=None, max_length=64,
                                  description="make it a sub-community of this one (its managers only); "
                                              "never wider than the parent")
    members_listed: bool = Field(default=True, description="false: only managers see the member list")
    news_requires_validation: bool = Field(default=False,
                                           description="authors' news waits for a manager before it is published")


class CommunityPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText | None = Field(default=None, min_length=NAME_MIN, max_length=NAME_MAX)
    description: MultiLineText | None = Field(default=None, max_length=5000)
    visibility: CommunityVisibility | None = Field(default=None, description=ACCESS_HELP)
    descriptors: list[str] | None = Field(default=None, min_length=1, max_length=MAX_DESCRIPTORS)
    members_listed: bool | None = None
    news_requires_validation: bool | None = None


class MyMembership(BaseModel):
    role: MembershipRole
    status: MembershipStatus
    since: datetime


class CommunityRef(BaseModel):
    id: str
    name: str
    visibility: CommunityVisibility


class CommunityOut(BaseModel):
    id: str
    name: str
    description: str
    visibility: CommunityVisibility
    descriptors: list[str]
    owner_id: str
    member_count: int
    membership: MyMembership | None = Field(description="the caller's membership, if any")
    created_at: datetime
    updated_at: datetime
    version: int
    status: CommunityStatus = CommunityStatus.ACTIVE
    parent_id: str | None = None
    parent: CommunityRef | None = Field(default=None, description="the parent community, if the caller may see it")
    members_listed: bool = True
    news_requires_validation: bool = False
    review_reason: str | None = Field(default=None, description="why an operator refused it (owner and operators)")
    invited: bool = Field(default=False, description="the caller holds a live invitation here")

    @classmethod
    def of(cls, c: Community, *, member_count: int, membership: Membership | None,
           parent: Community | None = None, invited: bool = False) -> CommunityOut:
        mine = MyMembership(role=membership.role, status=membership.status, since=membership.since) \
            if membership else None
        return cls(id=c.id, name=c.name, description=c.description, visibility=c.visibility,
                   descriptors=list(c.descriptors), owner_id=c.owner_id, member_count=member_count,
                   membership=mine, created_at=c.created_at, updated_at=c.updated_at, version=c.version,
                   status=c.status, parent_id=c.parent_id,
                   parent=CommunityRef(id=parent.id, name=parent.name, visibility=parent.visibility)
                   if parent else None,
                   members_listed=c.members_listed, news_requires_validation=c.news_requires_validation,
                   review_reason=c.review_reason, invited=invited)


class MembershipOut(BaseModel):
    community_id: str
    user_id: str
    role: MembershipRole
    status: MembershipStatus
    since: datetime

    @classmethod
    def of(cls, m: Membership) -> MembershipOut:
        return cls(community_id=m.community_id, user_id=m.user_id, role=m.role, status=m.status, since=m.since)


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal[MembershipRole.MODERATOR, MembershipRole.AUTHOR, MembershipRole.MEMBER]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["approved", "rejected"]
    reason: MultiLineText | None = Field(default=None, max_length=REVIEW_REASON_MAX,
                                         description="required when rejected: the owner reads it")
