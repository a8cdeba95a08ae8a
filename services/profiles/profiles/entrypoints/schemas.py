"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from contracts.events import DEFAULT_LANGUAGE, Language, NotificationPreferences
from profiles.domain.model import Profile, User
from servicekit.validation import EmailAddress, SingleLineText


class RegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    password: str = Field(min_length=1, max_length=256)
    display_name: SingleLineText = Field(min_length=1, max_length=120)
    language: Language = Field(default=DEFAULT_LANGUAGE, description="The language the member reads the platform in")


class SignInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Not checked as an address: only one that was accepted at registration can match, and
    # an account must stay reachable if the rules for new addresses ever get stricter.
    email: SingleLineText = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=16, max_length=256)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str
    user_id: str


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: SingleLineText = Field(min_length=1, max_length=120)
    organisation: SingleLineText | None = Field(default=None, max_length=200)
    competences: list[str] = Field(default=[], max_length=50)
    interests: list[str] = Field(default=[], max_length=50)
    notification_preferences: NotificationPreferences = NotificationPreferences()
    language: Language = Field(default=DEFAULT_LANGUAGE, description="The language the member reads the platform in")


class ProfileOut(BaseModel):
    user_id: str
    display_name: str
    organisation: str | None
    competences: list[str]
    interests: list[str]
    notification_preferences: NotificationPreferences
    language: Language
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, p: Profile) -> ProfileOut:
        return cls(user_id=p.user_id, display_name=p.display_name, organisation=p.organisation,
                   competences=list(p.competences), interests=list(p.interests),
                   notification_preferences=p.notification_preferences, language=p.language,
                   updated_at=p.updated_at, version=p.version)


class PublicProfileOut(BaseModel):
    """What other members see: no preferences."""

    user_id: str
    display_name: str
    organisation: str | None
    competences: list[str]
    interests: list[str]

    @classmethod
    def of(cls, p: Profile) -> PublicProfileOut:
        return cls(user_id=p.user_id, display_name=p.display_name, organisation=p.organisation,
                   competences=list(p.competences), interests=list(p.interests))


class MeOut(BaseModel):
    user_id: str
    email: str
    roles: list[str]
    registered_at: datetime
    profile: ProfileOut

    @classmethod
    def of(cls, u: User, p: Profile) -> MeOut:
        return cls(user_id=u.id, email=u.email, roles=list(u.roles), registered_at=u.registered_at,
                   profile=ProfileOut.of(p))


class DescriptorOut(BaseModel):
    code: str
    label: str
    scheme: str
    parent: str | None


class DescriptorList(BaseModel):
    taxonomy_version: str
    items: list[DescriptorOut]
