"""What the communities handlers need from storage, as ports: the Mongo adapters
(`communities.adapters.repository`) implement them, the service-layer tests fake them."""
from __future__ import annotations

from typing import Protocol

from contracts.events import IntegrationEvent, MembershipRole

from communities.domain.model import Community, Membership
from communities.service_layer.discussion import PostRepository


class CommunityRepository(Protocol):
    async def add(self, community: Community) -> None:
        """Raises AlreadyExists when the name (case-insensitive) is taken meanwhile."""

    async def get(self, community_id: str) -> Community | None: ...

    async def name_taken(self, name: str, *, by_other_than: str | None = None) -> bool: ...

    async def children(self, community_id: str) -> list[Community]:
        """Its sub-communities (any status)."""

    async def save(self, community: Community) -> None:
        """Raises ConcurrentModification if it changed since it was read, AlreadyExists on a taken name."""


class MembershipRepository(Protocol):
    async def add(self, membership: Membership) -> None:
        """Raises AlreadyExists when the user has a membership record here already."""

    async def get(self, community_id: str, user_id: str) -> Membership | None: ...

    async def save(self, membership: Membership) -> None: ...

    async def count_active_owners(self, community_id: str) -> int: ...

    async def open_of_user(self, user_id: str) -> list[Membership]:
        """Active memberships and pending requests of a user."""

    async def longest_standing(self, community_id: str, role: MembershipRole) -> Membership | None: ...


class AuthoredNews(Protocol):
    async def anonymise_author(self, author_id: str) -> int: ...


class OrganisedEvents(Protocol):
    async def anonymise_organiser(self, user_id: str) -> int: ...


class FeedTokens(Protocol):
    async def delete(self, user_id: str) -> bool: ...


class Context(Protocol):
    """One transaction's view for a handler."""

    communities: CommunityRepository
    memberships: MembershipRepository
    posts: PostRepository
    news: AuthoredNews
    events: OrganisedEvents
    feed_tokens: FeedTokens

    def publish(self, event: IntegrationEvent) -> None: ...
