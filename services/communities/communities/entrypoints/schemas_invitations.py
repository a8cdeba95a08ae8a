"""HTTP bodies of invitations."""
from __future__ import annotations

from datetime import datetime

from contracts.events import CommunityVisibility
from pydantic import BaseModel, ConfigDict, Field, model_validator
from servicekit.validation import SingleLineText

from communities.domain.invitations import Invitation, InvitationStatus
from communities.domain.model import Community


class InvitationIn(BaseModel):
    """Exactly one of them: a registered member, or an address not yet registered."""

    model_config = ConfigDict(extra="forbid")

    user_id: SingleLineText | None = Field(default=None, min_length=1, max_length=64)
    email: SingleLineText | None = Field(default=None, min_length=3, max_length=320,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    @model_validator(mode="after")
    def _one_of(self) -> InvitationIn:
        if (self.user_id is None) == (self.email is None):
            raise ValueError("Give either user_id (a registered member) or email (an address), not both.")
        return self


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: SingleLineText = Field(min_length=10, max_length=512)


class InvitationOut(BaseModel):
    id: str
    community_id: str
    community_name: str | None = None
    community_visibility: CommunityVisibility | None = None
    invited_by: str
    user_id: str | None = None
    email: str | None = None
    status: InvitationStatus
    created_at: datetime
    expires_at: datetime
    expired: bool
    accept_url: str | None = Field(default=None, description="the signed link of an e-mail invitation "
                                                            "(for the community's managers only)")

    @classmethod
    def of(cls, inv: Invitation, community: Community | None = None, accept_url: str | None = None) -> InvitationOut:
        return cls(id=inv.id, community_id=inv.community_id, community_name=community.name if community else None,
                   community_visibility=community.visibility if community else None, invited_by=inv.invited_by,
                   user_id=inv.user_id, email=inv.email, status=inv.status, created_at=inv.created_at,
                   expires_at=inv.expires_at, expired=inv.expired(), accept_url=accept_url)


class InvitationPreview(BaseModel):
    """What the accept page shows before anyone signs in."""

    community_id: str
    community_name: str
    community_description: str
    community_visibility: CommunityVisibility
    invited_by: str
    expires_at: datetime
