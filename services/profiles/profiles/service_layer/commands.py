"""Commands: what callers ask the profiles service to do."""
from dataclasses import dataclass

from contracts.events import DEFAULT_LANGUAGE, Language, NotificationPreferences


@dataclass(frozen=True)
class Registration:
    """What a person fills in to sign up: checked and hashed by `handlers.prepare_registration`
    into a RegisterUser, before any transaction starts."""
    email: str
    password: str
    display_name: str
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class RegisterUser:
    email: str  # normalised
    password_hash: str  # never the password itself
    display_name: str
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class SignIn:
    email: str
    password: str
    client: str  # who is asking (an IP address or IPv6 /64): failures are throttled per client


@dataclass(frozen=True)
class RefreshSession:
    refresh_token: str


@dataclass(frozen=True)
class SignOut:
    refresh_token: str


@dataclass(frozen=True)
class UpdateProfile:
    user_id: str
    expected_version: int | None
    display_name: str
    organisation: str | None
    competences: list[str]
    interests: list[str]
    notification_preferences: NotificationPreferences
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class EraseUser:
    user_id: str


@dataclass(frozen=True)
class EndSessions:
    user_id: str


@dataclass(frozen=True)
class GrantRole:
    email: str
    role: str
