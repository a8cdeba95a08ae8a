"""HTTP routes: thin. Parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from typing import Annotated, Literal

from contracts.events import (
    CommunityStatus,
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
)
from fastapi import Depends, Query, Response, status
from servicekit.auth import Principal
from servicekit.exceptions import Forbidden, NotFound
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.http.dependencies import Caller, UoW, provided
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter
from servicekit.validation import SingleLineText

from communities.adapters.repository import CommunityQueries
from communities.domain.access import Scope
from communities.domain.model import Community, Membership
from communities.entrypoints.access import CurrentActor, Queries, actor_of, scope_of
from communities.entrypoints.schemas import (
    CommunityIn,
    CommunityOut,
    CommunityPatch,
    MembershipOut,
    ReviewIn,
    RoleIn,
)
from communities.service_layer import commands, handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["communities"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]


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


async def _out(q: CommunityQueries, community: Community, membership: Membership | None,
               scope: Scope | None = None) -> CommunityOut:
    counts = await q.member_counts([community.id])
    parent = None
    if community.parent_id and scope is not None:
        parent_scope = await scope_of(q, community.parent_id, scope.actor)
        parent = parent_scope.community if parent_scope.exists() else None
    return CommunityOut.of(community, member_count=counts.get(community.id, 0), membership=membership,
                           parent=parent, invited=scope.invited if scope else False)


async def _page(q: CommunityQueries, caller: Principal, rows: list[Community], limit: int) -> Page[CommunityOut]:
    page = rows[:limit]
    ids = [c.id for c in page]
    counts, memberships = await q.member_counts(ids), await q.memberships_of(caller.user_id, ids)
    items = [CommunityOut.of(c, member_count=counts.get(c.id, 0), membership=memberships.get(c.id)) for c in page]
    return Page(items=items, next_cursor=next_cursor([c.id for c in rows], limit))


@router.post("/communities", status_code=status.HTTP_201_CREATED, response_model=CommunityOut,
             summary="Create a community (or, with parent_id, a sub-community); the caller becomes its owner. "
                     "Where validation is required, one made by a member waits for an operator (pending_validation)")
async def create(body: CommunityIn, caller: Caller, actor: CurrentActor, unit: UoW, settings: Settings,
                 response: Response) -> CommunityOut:
    community, owner = await unit.handle(handlers.create_community, commands.CreateCommunity(
        owner_id=caller.user_id, needs_validation=settings.community_validation_required and not actor.operator,
        **body.model_dump()))
    response.headers["Location"] = f"communities/{community.id}"
    set_etag(response, community.version)
    return CommunityOut.of(community, member_count=1, membership=owner)


@router.get("/communities", response_model=Page[CommunityOut],
            summary="Open and private communities, the closed ones I am a member of or invited to, "
                    "and my own awaiting validation")
async def search(
    q: Queries, caller: Caller,
    descriptor: Annotated[list[str], Query(description="any of these descriptor codes")] = [],  # noqa: B006
    mine: Annotated[bool, Query(description="only communities I am an active member of")] = False,
    visibility: Annotated[CommunityVisibility | None, Query(description="only those of this access type")] = None,
    parent_id: Annotated[str | None, Query(max_length=64, description="only sub-communities of this one")] = None,
    text: Annotated[SingleLineText | None, Query(max_length=200)] = None,
    limit: Limit = 20, cursor: str | None = None,
) -> Page[CommunityOut]:
    member_of = await q.active_community_ids(caller.user_id)
    invited_to = [] if mine else await q.invited_community_ids(caller.user_id)
    rows = await q.search(member_of=member_of, mine=mine, descriptors=descriptor, text=text, invited_to=invited_to,
                          user_id=caller.user_id, parent_id=parent_id, visibility=visibility,
                          after_id=decode_cursor(cursor), limit=limit)
    return await _page(q, caller, rows, limit)


@router.get("/communities/review-queue", response_model=Page[CommunityOut],
            summary="Communities waiting for validation, oldest first (platform operators)")
async def review_queue(q: Queries, caller: Caller, actor: CurrentActor, limit: Limit = 20,
                       cursor: str | None = None) -> Page[CommunityOut]:
    if not actor.operator:
        raise Forbidden("Only platform operators review communities.")
    rows = await q.search(member_of=[], mine=False, descriptors=[], text=None, status=CommunityStatus.PENDING_VALIDATION,
                          after_id=decode_cursor(cursor), limit=limit)
    return await _page(q, caller, rows, limit)


@router.get("/communities/{community_id}", response_model=CommunityOut)
async def get_community(community_id: str, q: Queries, caller: Caller, response: Response) -> CommunityOut:
    scope = (await scope_of(q, community_id, actor_of(caller))).require_exists()
    assert scope.community is not None
    set_etag(response, scope.community.version)
    return await _out(q, scope.community, scope.membership, scope)


@router.post("/communities/{community_id}/review", response_model=CommunityOut,
             summary="Validate a community waiting for it, or refuse it with a reason (platform operators)")
async def review(community_id: str, body: ReviewIn, caller: Caller, actor: CurrentActor, q: Queries,
                 unit: UoW, response: Response) -> CommunityOut:
    scope = (await scope_of(q, community_id, actor)).require_exists()
    if not actor.operator:
        raise Forbidden("Only platform operators review communities.")
    community = await unit.handle(handlers.review_community, commands.ReviewCommunity(
        community_id=community_id, by=caller.user_id, operator=actor.operator,
        approved=body.outcome == "approved", reason=body.reason))
    set_etag(response, community.version)
    return await _out(q, community, scope.membership, scope)


@router.patch("/communities/{community_id}", response_model=CommunityOut,
              summary="Change a community (owner or moderator; If-Match required)")
async def revise(community_id: str, caller: Caller, expected: VersionToRevise, body: CommunityPatch, unit: UoW,
                 q: Queries, response: Response) -> CommunityOut:
    community = await unit.handle(handlers.revise_community, commands.ReviseCommunity(
        community_id=community_id, by=caller.user_id, expected_version=expected,
        **body.model_dump(exclude_unset=True)))
    set_etag(response, community.version)
    return await _out(q, community, await q.membership(community_id, caller.user_id),
                      await scope_of(q, community_id, actor_of(caller)))


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
            summary="Members (whoever may read the community; managers only where the list is hidden), "
                    "or (for owners and moderators) pending requests to join")
async def members(community_id: str, q: Queries, caller: Caller,
                  status_: Annotated[Literal["active", "pending"], Query(alias="status")] = "active",
                  limit: Limit = 20, cursor: str | None = None) -> Page[MembershipOut]:
    scope = (await scope_of(q, community_id, actor_of(caller))).require_read()
    assert scope.community is not None
    wanted = MembershipStatus(status_)
    if wanted is MembershipStatus.PENDING and not scope.can_manage():
        raise Forbidden("Only the community's owner and moderators see requests to join.")
    if not scope.community.members_listed and not scope.can_manage():
        raise Forbidden("This community's member list is for its owner and moderators only.")
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
            summary="Make a member a moderator or an author (writes news), or a plain member again (owner only)")
async def assign_role(community_id: str, user_id: str, caller: Caller, _: Owner, body: RoleIn,
                      unit: UoW) -> MembershipOut:
    membership = await unit.handle(handlers.assign_role, commands.AssignRole(
        community_id=community_id, user_id=user_id, role=body.role, by=caller.user_id))
    return MembershipOut.of(membership)
