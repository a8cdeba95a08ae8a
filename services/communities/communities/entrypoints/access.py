"""The Scope (domain/access.py) a route acts in, as FastAPI dependencies, read outside any
transaction so that 404 and 403 come before If-Match and the body. Handlers load it again
inside their transaction (service_layer/scopes.py)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from servicekit.auth import ROLE_PLATFORM_OPERATOR, Principal
from servicekit.http.dependencies import Caller, Database

from communities.adapters.repository import CommunityQueries
from communities.domain.access import Actor, Scope


def queries(db: Database) -> CommunityQueries:
    return CommunityQueries(db)


Queries = Annotated[CommunityQueries, Depends(queries)]


def actor_of(principal: Principal) -> Actor:
    return Actor(user_id=principal.user_id, operator=principal.has_role(ROLE_PLATFORM_OPERATOR))


def current_actor(caller: Caller) -> Actor:
    return actor_of(caller)


CurrentActor = Annotated[Actor, Depends(current_actor)]


async def scope_of(q: CommunityQueries, community_id: str | None, actor: Actor) -> Scope:
    if community_id is None:
        return Scope(actor=actor)
    community = await q.community(community_id)
    if community is None:
        return Scope.missing(actor, community_id)
    return Scope(actor=actor, community=community, membership=await q.membership(community_id, actor.user_id),
                 invited=await q.invited(community_id, actor.user_id))


async def community_scope(community_id: str, q: Queries, actor: CurrentActor) -> Scope:
    """The community in the path, as the caller sees it (nothing checked yet)."""
    return await scope_of(q, community_id, actor)


async def readable_scope(community_id: str, q: Queries, actor: CurrentActor) -> Scope:
    return (await scope_of(q, community_id, actor)).require_read()


async def participating_scope(community_id: str, q: Queries, actor: CurrentActor) -> Scope:
    return (await scope_of(q, community_id, actor)).require_participate()


async def managed_scope(community_id: str, q: Queries, actor: CurrentActor) -> Scope:
    return (await scope_of(q, community_id, actor)).require_manage()


async def platform_scope(actor: CurrentActor) -> Scope:
    return Scope(actor=actor)


async def managed_platform_scope(actor: CurrentActor) -> Scope:
    return Scope(actor=actor).require_manage()


CommunityScope = Annotated[Scope, Depends(community_scope)]
ReadableScope = Annotated[Scope, Depends(readable_scope)]
ParticipatingScope = Annotated[Scope, Depends(participating_scope)]
ManagedScope = Annotated[Scope, Depends(managed_scope)]
PlatformScope = Annotated[Scope, Depends(platform_scope)]
ManagedPlatformScope = Annotated[Scope, Depends(managed_platform_scope)]
