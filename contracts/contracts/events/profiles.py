"""Events published by the profiles service."""
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from contracts import topics
from contracts.events.base import IntegrationEvent


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


class UserErased(IntegrationEvent):
    """GDPR erasure: every service removes or anonymises what it holds on the user."""

    event_type: ClassVar[str] = "profiles.user.erased.v1"
    topic: ClassVar[str] = topics.PROFILES_USER
    subject_field: ClassVar[str] = "user_id"

    user_id: str
