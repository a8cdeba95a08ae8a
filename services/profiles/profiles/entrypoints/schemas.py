"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.events import DEFAULT_LANGUAGE, Language, NotificationPreferences
from contracts.taxonomy import Descriptor
from profiles.domain.model import Profile, User
from profiles.service_layer.handlers import IssuedToken
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
    refresh_transport: Literal["body", "cookie"] = Field(
        default="body",
        description="Where the refresh token goes: `body` (in the answer's JSON, for apps) or `cookie` "
                    "(for a browser: set as the HttpOnly `oi_refresh` cookie, with the readable `oi_csrf` "
                    "cookie whose value refresh and sign-out must echo in `X-CSRF-Token`; not in the JSON).")


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str | None = Field(
        default=None, min_length=16, max_length=256,
        description="The refresh token (JSON transport). Leave it out, or send no body, to use the "
                    "`oi_refresh` cookie instead (then `X-CSRF-Token` is required).")


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str | None = Field(
        description="The next refresh token (single use); null when it was set as the `oi_refresh` cookie")
    user_id: str

    @classmethod
    def of(cls, issued: IssuedToken, *, in_cookie: bool = False) -> TokenOut:
        return cls(access_token=issued.access_token, expires_in=issued.expires_in, user_id=issued.user_id,
                   refresh_token=None if in_cookie else issued.refresh_token)


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


class DescriptorLabels(BaseModel):
    """A descriptor's label in each language the platform speaks."""

    it: str
    en: str


class DescriptorOut(BaseModel):
    code: str
    label: str = Field(description="The English label (the taxonomy's canonical one)")
    labels: DescriptorLabels = Field(description="The label in each language the platform speaks")
    scheme: str
    parent: str | None

    @classmethod
    def of(cls, d: Descriptor) -> DescriptorOut:
        return cls(code=d.code, label=d.label, labels=DescriptorLabels(**d.labels), scheme=d.scheme,
                   parent=d.parent)


class DescriptorList(BaseModel):
    taxonomy_version: str
    items: list[DescriptorOut]
