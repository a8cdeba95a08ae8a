"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from contracts.events import CommunityVisibility, MembershipRole, MembershipStatus
from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain.model import (
    MAX_DESCRIPTORS,
    NAME_MAX,
    NAME_MIN,
    Community,
    Membership,
)


class CommunityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText = Field(min_length=NAME_MIN, max_length=NAME_MAX)
    description: MultiLineText = Field(default="", max_length=5000)
    visibility: CommunityVisibility
    descriptors: list[str] = Field(min_length=1, max_length=MAX_DESCRIPTORS)


class CommunityPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText | None = Field(default=None, min_length=NAME_MIN, max_length=NAME_MAX)
    description: MultiLineText | None = Field(default=None, max_length=5000)
    visibility: CommunityVisibility | None = None
    descriptors: list[str] | None = Field(default=None, min_length=1, max_length=MAX_DESCRIPTORS)


class MyMembership(BaseModel):
    role: MembershipRole
    status: MembershipStatus
    since: datetime


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

    @classmethod
    def of(cls, c: Community, *, member_count: int, membership: Membership | None) -> CommunityOut:
        mine = MyMembership(role=membership.role, status=membership.status, since=membership.since) \
            if membership else None
        return cls(id=c.id, name=c.name, description=c.description, visibility=c.visibility,
                   descriptors=list(c.descriptors), owner_id=c.owner_id, member_count=member_count,
                   membership=mine, created_at=c.created_at, updated_at=c.updated_at, version=c.version)


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

    role: Literal[MembershipRole.MODERATOR, MembershipRole.MEMBER]
