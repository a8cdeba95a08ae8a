"""HTTP routes: thin. Parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from typing import Annotated, Literal

from contracts.events import CommunityVisibility, MembershipRole, MembershipStatus
from fastapi import Depends, Query, Response, status
from servicekit.auth import Principal
from servicekit.exceptions import Forbidden, NotFound
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.http.dependencies import Caller, UoW
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter
from servicekit.validation import SingleLineText

from communities.adapters.repository import CommunityQueries
from communities.domain.model import Community, Membership
from communities.entrypoints.access import Queries, actor_of, scope_of
from communities.entrypoints.schemas import (
    CommunityIn,
    CommunityOut,
    CommunityPatch,
    MembershipOut,
    RoleIn,
)
from communities.service_layer import commands, handlers

router = ServiceRouter(tags=["communities"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]




async def _visible(q: CommunityQueries, community_id: str, caller: Principal) -> tuple[Community, Membership | None]:
    """404 alike for a missing community and one that does not exist for the caller."""
    scope = (await scope_of(q, community_id, actor_of(caller))).require_exists()
    assert scope.community is not None
    return scope.community, scope.membership


# Authorisation as dependencies, declared before If-Match and the body: a caller who may not
# act on the community hears 404/403 first. The handlers check again inside the transaction.
async def moderated_community(community_id: str, q: Queries, caller: Caller) -> Community:
    community, membership = await _visible(q, community_id, caller)
    if membership is None or not membership.can_moderate:
        raise Forbidden("Only the community's owner and moderators can change the community.")
    return community


async def owner(community_id: str, q: Queries, caller: Caller) -> Membership:
    _, membership = await _visible(q, community_id, caller)
    if membership is None or not membership.is_active or membership.role is not MembershipRole.OWNER:
        raise Forbidden("Only the community's owner can assign roles.")
    return membership


async def active_member(community_id: str, q: Queries, caller: Caller) -> Membership:
    _, membership = await _visible(q, community_id, caller)
    if membership is None or not membership.is_active:
        raise Forbidden("Only the community's members can post in it.")
    return membership


ModeratedCommunity = Annotated[Community, Depends(moderated_community)]
Owner = Annotated[Membership, Depends(owner)]
ActiveMember = Annotated[Membership, Depends(active_member)]


async def version_to_revise(community: ModeratedCommunity, expected: IfMatch) -> int | None:
    check_version(community.version, expected)  # 412 before the body is judged
    return expected


VersionToRevise = Annotated[int | None, Depends(version_to_revise)]


async def _out(q: CommunityQueries, community: Community, membership: Membership | None) -> CommunityOut:
    counts = await q.member_counts([community.id])
    return CommunityOut.of(community, member_count=counts.get(community.id, 0), membership=membership)


@router.post("/communities", status_code=status.HTTP_201_CREATED, response_model=CommunityOut,
             summary="Create a community; the caller becomes its owner")
async def create(body: CommunityIn, caller: Caller, unit: UoW, response: Response) -> CommunityOut:
    community, owner = await unit.handle(
        handlers.create_community, commands.CreateCommunity(owner_id=caller.user_id, **body.model_dump()))
    response.headers["Location"] = f"communities/{community.id}"
    set_etag(response, community.version)
    return CommunityOut.of(community, member_count=1, membership=owner)


@router.get("/communities", response_model=Page[CommunityOut],
            summary="Public communities, and the private ones I am a member of")
async def search(
    q: Queries, caller: Caller,
    descriptor: Annotated[list[str], Query(description="any of these descriptor codes")] = [],  # noqa: B006
    mine: Annotated[bool, Query(description="only communities I am an active member of")] = False,
    visibility: Annotated[CommunityVisibility | None, Query(description="only public or only private ones")] = None,
    text: Annotated[SingleLineText | None, Query(max_length=200)] = None,
    limit: Limit = 20, cursor: str | None = None,
) -> Page[CommunityOut]:
    member_of = await q.active_community_ids(caller.user_id)
    rows = await q.search(member_of=member_of, mine=mine, descriptors=descriptor, text=text,
                          visibility=visibility, after_id=decode_cursor(cursor), limit=limit)
    page = rows[:limit]
    ids = [c.id for c in page]
    counts, memberships = await q.member_counts(ids), await q.memberships_of(caller.user_id, ids)
    items = [CommunityOut.of(c, member_count=counts.get(c.id, 0), membership=memberships.get(c.id)) for c in page]
    return Page(items=items, next_cursor=next_cursor([c.id for c in rows], limit))


@router.get("/communities/{community_id}", response_model=CommunityOut)
async def get_community(community_id: str, q: Queries, caller: Caller, response: Response) -> CommunityOut:
    community, membership = await _visible(q, community_id, caller)
    set_etag(response, community.version)
    return await _out(q, community, membership)


@router.patch("/communities/{community_id}", response_model=CommunityOut,
              summary="Change a community (owner or moderator; If-Match required)")
async def revise(community_id: str, caller: Caller, expected: VersionToRevise, body: CommunityPatch, unit: UoW,
                 q: Queries, response: Response) -> CommunityOut:
    community = await unit.handle(handlers.revise_community, commands.ReviseCommunity(
        community_id=community_id, by=caller.user_id, expected_version=expected,
        **body.model_dump(exclude_unset=True)))
    set_etag(response, community.version)
    return await _out(q, community, await q.membership(community_id, caller.user_id))


@router.post("/communities/{community_id}/members", status_code=status.HTTP_201_CREATED,
             response_model=MembershipOut,
             summary="Join a public community, or ask to join a private one (status pending)")
async def join(community_id: str, caller: Caller, unit: UoW) -> MembershipOut:
    membership = await unit.handle(
        handlers.join_community, commands.JoinCommunity(community_id=community_id, user_id=caller.user_id))
    return MembershipOut.of(membership)


@router.get("/communities/{community_id}/members/me", response_model=MembershipOut,
            summary="My membership or request to join, whatever its state (404 if I never asked)")
async def my_membership(community_id: str, q: Queries, caller: Caller) -> MembershipOut:
    """Tells callers only about themselves: someone who asked to join a private community
    learns that the request is pending, and nothing of the community itself."""
    membership = await q.membership(community_id, caller.user_id)
    if membership is None:
        raise NotFound(f"You never asked to join community {community_id}.")
    return MembershipOut.of(membership)


@router.delete("/communities/{community_id}/members/me", status_code=status.HTTP_204_NO_CONTENT,
               summary="Leave a community, or withdraw a request to join")
async def leave(community_id: str, caller: Caller, unit: UoW) -> Response:
    await unit.handle(
        handlers.leave_community, commands.LeaveCommunity(community_id=community_id, user_id=caller.user_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/communities/{community_id}/members", response_model=Page[MembershipOut],
            summary="Members, or (for owners and moderators) pending requests to join")
async def members(community_id: str, q: Queries, caller: Caller,
                  status_: Annotated[Literal["active", "pending"], Query(alias="status")] = "active",
                  limit: Limit = 20, cursor: str | None = None) -> Page[MembershipOut]:
    _, membership = await _visible(q, community_id, caller)
    wanted = MembershipStatus(status_)
    if wanted is MembershipStatus.PENDING and (membership is None or not membership.can_moderate):
        raise Forbidden("Only the community's owner and moderators see requests to join.")
    rows = await q.members(community_id, status=wanted, after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[MembershipOut.of(m) for m in rows[:limit]], next_cursor=next_cursor([m.id for m in rows], limit))


@router.post("/communities/{community_id}/members/{user_id}/approve", response_model=MembershipOut,
             summary="Approve a request to join (owner or moderator)")
async def approve(community_id: str, user_id: str, caller: Caller, unit: UoW) -> MembershipOut:
    membership = await unit.handle(handlers.decide_request, commands.DecideRequest(
        community_id=community_id, user_id=user_id, by=caller.user_id, approve=True))
    return MembershipOut.of(membership)


@router.post("/communities/{community_id}/members/{user_id}/reject", response_model=MembershipOut,
             summary="Reject a request to join (owner or moderator)")
async def reject(community_id: str, user_id: str, caller: Caller, unit: UoW) -> MembershipOut:
    membership = await unit.handle(handlers.decide_request, commands.DecideRequest(
        community_id=community_id, user_id=user_id, by=caller.user_id, approve=False))
    return MembershipOut.of(membership)


@router.put("/communities/{community_id}/members/{user_id}/role", response_model=MembershipOut,
            summary="Make a member a moderator, or a plain member again (owner only)")
async def assign_role(community_id: str, user_id: str, caller: Caller, _: Owner, body: RoleIn,
                      unit: UoW) -> MembershipOut:
    membership = await unit.handle(handlers.assign_role, commands.AssignRole(
        community_id=community_id, user_id=user_id, role=body.role, by=caller.user_id))
    return MembershipOut.of(membership)
