"""Events published by the profiles service."""
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from contracts import topics
from contracts.events.base import IntegrationEvent


# The languages the platform speaks to its members (the web client, e-mails, notices).
Language = Literal["it", "en"]
DEFAULT_LANGUAGE: Language = "it"


class UserRegistered(IntegrationEvent):
    event_type: ClassVar[str] = "profiles.user.registered.v1"
    topic: ClassVar[str] = topics.PROFILES_USER
    subject_field: ClassVar[str] = "user_id"

    user_id: str
    display_name: str
    registered_at: datetime


class NotificationPreferences(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    proposals: bool = True          # proposals matching my interests
    interests: bool = True          # expressions of interest on my proposals and their answers
    communities: bool = True        # activity in communities I belong to
    digest: str = "immediate"       # immediate | daily | weekly


class ProfileUpdated(IntegrationEvent):
    """Event-carried state: the whole public profile, so consumers keep their own
    read model without calling the profiles service."""

    event_type: ClassVar[str] = "profiles.profile.updated.v1"
    topic: ClassVar[str] = topics.PROFILES_PROFILE
    subject_field: ClassVar[str] = "user_id"

    user_id: str
    version: int
    display_name: str
    organisation: str | None = None
    competences: list[str] = []
    interests: list[str] = []
    notification_preferences: NotificationPreferences = NotificationPreferences()
    taxonomy_version: str
    # Added in v1 (additive, defaulted): the language the member reads the platform in.
    language: Language = DEFAULT_LANGUAGE


class UserErased(IntegrationEvent):
    """GDPR erasure: every service removes or anonymises what it holds on the user."""

    event_type: ClassVar[str] = "profiles.user.erased.v1"
    topic: ClassVar[str] = topics.PROFILES_USER
    subject_field: ClassVar[str] = "user_id"

    user_id: str
