"""The Scope (domain/access.py) a handler acts in, loaded inside its transaction. Every
capability's handlers start here, so the access rules are checked again in the transaction
whatever the route checked before it."""
from __future__ import annotations

from typing import Protocol

from communities.domain.access import Actor, Scope
from communities.domain.model import Community, Membership


class _Communities(Protocol):
    async def get(self, community_id: str) -> Community | None: ...


class _Memberships(Protocol):
    async def get(self, community_id: str, user_id: str) -> Membership | None: ...


class _Invitations(Protocol):
    async def live_for(self, community_id: str, *, user_id: str | None = None,
                       email: str | None = None) -> object | None: ...


class ScopeSource(Protocol):
    """Any handler context: they all hand out communities, memberships and invitations."""

    communities: _Communities
    memberships: _Memberships
    invitations: _Invitations


async def load_scope(ctx: ScopeSource, community_id: str | None, actor: Actor) -> Scope:
    """The scope of a community (one that exists for nobody if there is no such community)
    or, for None, the platform."""
    if community_id is None:
        return Scope(actor=actor)
    community = await ctx.communities.get(community_id)
    if community is None:
        return Scope.missing(actor, community_id)
    membership = await ctx.memberships.get(community_id, actor.user_id)
    invited = (not (membership and membership.is_active)
               and await ctx.invitations.live_for(community_id, user_id=actor.user_id) is not None)
    return Scope(actor=actor, community=community, membership=membership, invited=invited)
