"""The profiles domain: users (identity) and their public profiles. Pure Python."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from contracts.events import DEFAULT_LANGUAGE, Language, NotificationPreferences, ProfileUpdated, UserRegistered

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MIN_PASSWORD_LENGTH = 10
MAX_DESCRIPTORS = 50


class ProfileRuleViolation(ValueError):
    """A request the rules refuse (HTTP 422)."""


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise ProfileRuleViolation("That is not an email address.")
    return email


def check_password_strength(password: str, email: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ProfileRuleViolation(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if password.strip().lower() == email.lower():
        raise ProfileRuleViolation("The password cannot be the email address.")


@dataclass(frozen=True)
class User:
    id: str
    email: str
    password_hash: str
    registered_at: datetime
    roles: tuple[str, ...] = ("member",)

    def registered_event(self, display_name: str) -> UserRegistered:
        return UserRegistered(user_id=self.id, display_name=display_name, registered_at=self.registered_at)


@dataclass(frozen=True)
class Profile:
    user_id: str
    display_name: str
    organisation: str | None = None
    competences: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    notification_preferences: NotificationPreferences = field(default_factory=NotificationPreferences)
    language: Language = DEFAULT_LANGUAGE
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    version: int = 1

    @staticmethod
    def start(user_id: str, display_name: str, taxonomy_version: str,
              language: Language = DEFAULT_LANGUAGE) -> tuple[Profile, ProfileUpdated]:
        profile = Profile(user_id=user_id, display_name=_display_name(display_name), language=language)
        return profile, profile.updated_event(taxonomy_version)

    def edit(self, *, display_name: str, organisation: str | None, competences: list[str], interests: list[str],
             notification_preferences: NotificationPreferences, taxonomy_version: str,
             language: Language = DEFAULT_LANGUAGE) -> tuple[Profile, ProfileUpdated]:
        competences_, interests_ = _dedupe(competences), _dedupe(interests)
        if len(competences_) > MAX_DESCRIPTORS or len(interests_) > MAX_DESCRIPTORS:
            raise ProfileRuleViolation(f"At most {MAX_DESCRIPTORS} competences and {MAX_DESCRIPTORS} interests.")
        changed = replace(self, display_name=_display_name(display_name),
                          organisation=(organisation.strip() or None) if organisation else None,
                          competences=competences_, interests=interests_,
                          notification_preferences=notification_preferences, language=language,
                          updated_at=datetime.now(UTC), version=self.version + 1)
        return changed, changed.updated_event(taxonomy_version)

    def updated_event(self, taxonomy_version: str) -> ProfileUpdated:
        return ProfileUpdated(user_id=self.user_id, version=self.version, display_name=self.display_name,
                              organisation=self.organisation, competences=list(self.competences),
                              interests=list(self.interests),
                              notification_preferences=self.notification_preferences,
                              taxonomy_version=taxonomy_version, language=self.language)


def _display_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 120:
        raise ProfileRuleViolation("The display name needs 1 to 120 characters.")
    return name


def _dedupe(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
