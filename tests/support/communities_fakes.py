"""The communities core repositories as the capabilities' handler tests need them: a
community and the actor's membership to build a Scope from (service_layer/scopes.py)."""
from __future__ import annotations

from communities.domain.model import Community, Membership

from tests.support.fakes import FakeStore


class FakeCommunities:
    def __init__(self) -> None:
        self.store: FakeStore[Community] = FakeStore()

    async def get(self, community_id: str) -> Community | None:
        return self.store.rows.get(community_id)


class FakeMemberships:
    def __init__(self) -> None:
        self.store: FakeStore[Membership] = FakeStore()

    async def get(self, community_id: str, user_id: str) -> Membership | None:
        return self.store.first(lambda m: (m.community_id, m.user_id) == (community_id, user_id))


class FakeInvitations:
    """Live invitations, as the Scope asks about them: (community, user) pairs."""

    def __init__(self) -> None:
        self.live: set[tuple[str, str]] = set()

    async def live_for(self, community_id: str, *, user_id: str | None = None,
                       email: str | None = None) -> object | None:
        return (community_id, user_id) if (community_id, user_id) in self.live else None
