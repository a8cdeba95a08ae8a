"""What the notifications handlers need from storage, as ports: the read models this
service keeps of other services' state (member profiles, community memberships) and the
members' inboxes. The Mongo adapters (`notifications.adapters.repository`) implement
them, the service-layer tests fake them."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from contracts.events import IntegrationEvent

from notifications.domain.model import Membership, Notification, Profile, ProposalAudience


class ProfileRepository(Protocol):
    """Member profiles as profiles' events described them (a tombstone once erased)."""

    async def get(self, user_id: str) -> Profile | None: ...

    async def put(self, profile: Profile) -> None:
        """Insert or replace the member's profile."""

    async def of_users(self, user_ids: Iterable[str]) -> dict[str, Profile]:
        """The profiles we hold of these members, by user id (members we know nothing of are left out)."""

    async def matching(self, audience: ProposalAudience) -> list[str]:
        """The user ids of the members `audience.admits`."""


class MembershipRepository(Protocol):
    """Community memberships as communities' events described them."""

    async def get(self, community_id: str, user_id: str) -> Membership | None: ...

    async def put(self, membership: Membership) -> None:
        """Insert or replace the member's membership of that community."""

    async def active_in(self, community_id: str) -> list[Membership]: ...

    async def of_users_in(self, community_id: str, user_ids: Iterable[str]) -> list[Membership]:
        """These members' memberships of that community, whatever their status (none: left out)."""

    async def moderators_of(self, community_id: str) -> list[Membership]:
        """The community's active owners and moderators."""

    async def remove_user(self, user_id: str) -> None: ...


class InboxRepository(Protocol):
    """The members' notifications."""

    async def existing_ids(self, ids: list[str]) -> set[str]:
        """Those of `ids` already in some inbox."""

    async def add_all(self, notifications: list[Notification]) -> None:
        """Callers pass only ids not already stored."""

    async def get(self, notification_id: str) -> Notification | None: ...

    async def save_read(self, notification: Notification) -> None:
        """Store the notification's `read_at`."""

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        """Mark the member's unread notifications read at `at`; how many they were."""

    async def remove_user(self, user_id: str) -> None: ...


class LiveFeed(Protocol):
    """The members' open streams (`GET /stream`), on every replica. What is told here goes
    out only once the transaction commits, and only at most once: a stream that missed it
    (not connected, a lost push) catches up from the inbox when it resumes."""

    def notification(self, notification: Notification) -> None:
        """A notification was stored for its member."""

    def unread_changed(self, user_id: str) -> None:
        """The member's unread count changed otherwise (they read something)."""


class Context(Protocol):
    """One transaction's view for a handler."""

    profiles: ProfileRepository
    memberships: MembershipRepository
    inbox: InboxRepository
    live: LiveFeed

    def publish(self, event: IntegrationEvent) -> None: ...
