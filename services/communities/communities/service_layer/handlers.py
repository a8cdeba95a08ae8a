"""Command handlers, all of one shape: `async def handler(command, ctx) -> result`. Each
loads the community and the memberships involved through the Context's repositories,
applies the domain's rules, saves, and publishes the resulting events; the entrypoint
runs it in one unit of work, so all of it commits together or not at all."""
from __future__ import annotations

from contracts.events import MembershipRole
from contracts.taxonomy import load_taxonomy
from servicekit.exceptions import AlreadyExists, Conflict, Forbidden, NotFound
from servicekit.ids import new_id
from servicekit.versioning import check_version

from communities.domain.access import Actor
from communities.domain.model import Community, Membership, NotAllowed
from communities.service_layer import commands
from communities.service_layer.ports import Context
from communities.service_layer.scopes import load_scope


async def _visible_community(ctx: Context, community_id: str, user_id: str) -> tuple[Community, Membership | None]:
    """The community and the caller's membership; a community that does not exist for the
    caller (closed, or awaiting validation) answers 404 (domain/access.py)."""
    scope = (await load_scope(ctx, community_id, Actor(user_id))).require_exists()
    assert scope.community is not None
    return scope.community, scope.membership


async def create_community(cmd: commands.CreateCommunity, ctx: Context) -> tuple[Community, Membership]:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)
    parent = parent_membership = None
    if cmd.parent_id is not None:
        # Only a manager of the parent makes a sub-community (a parent the caller cannot see: 404).
        parent, parent_membership = await _visible_community(ctx, cmd.parent_id, cmd.owner_id)
    if await ctx.communities.name_taken(cmd.name):
        raise _name_taken(cmd.name)
    community, owner, events = Community.create(
        community_id=new_id(), membership_id=new_id(), owner_id=cmd.owner_id, name=cmd.name,
        description=cmd.description, visibility=cmd.visibility, descriptors=cmd.descriptors,
        parent=parent, parent_membership=parent_membership, needs_validation=cmd.needs_validation,
        members_listed=cmd.members_listed, news_requires_validation=cmd.news_requires_validation)
    try:
        await ctx.communities.add(community)
    except AlreadyExists as exc:  # the same name created at the same moment
        raise _name_taken(cmd.name) from exc
    await ctx.memberships.add(owner)
    for event in events:
        ctx.publish(event)
    return community, owner


async def revise_community(cmd: commands.ReviseCommunity, ctx: Context) -> Community:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)
    community, caller = await _visible_community(ctx, cmd.community_id, cmd.by)
    check_version(community.version, cmd.expected_version)
    parent = children = None
    if cmd.visibility is not None and cmd.visibility is not community.visibility:
        parent = await ctx.communities.get(community.parent_id) if community.parent_id else None
        children = tuple(await ctx.communities.children(community.id))
    revised, event = community.revise(by=caller, name=cmd.name, description=cmd.description,
                                      visibility=cmd.visibility, descriptors=cmd.descriptors,
                                      members_listed=cmd.members_listed,
                                      news_requires_validation=cmd.news_requires_validation,
                                      parent=parent, children=children or ())
    if cmd.name is not None and await ctx.communities.name_taken(cmd.name, by_other_than=community.id):
        raise _name_taken(cmd.name)
    try:
        await ctx.communities.save(revised)
    except AlreadyExists as exc:
        raise _name_taken(cmd.name or "") from exc
    ctx.publish(event)
    return revised


async def review_community(cmd: commands.ReviewCommunity, ctx: Context) -> Community:
    """A platform operator validates a community waiting for it, or refuses it with a reason;
    its owner is told (CommunityReviewed)."""
    if not cmd.operator:
        raise Forbidden("Only platform operators review communities.")
    community = await ctx.communities.get(cmd.community_id)
    if community is None:
        raise NotFound(f"No community {cmd.community_id}.")
    reviewed, event = community.review(approved=cmd.approved, reason=cmd.reason)
    await ctx.communities.save(reviewed)
    ctx.publish(event)
    return reviewed


async def join_community(cmd: commands.JoinCommunity, ctx: Context) -> Membership:
    """Anyone signed in joins an open community or asks to join a private one; a closed one
    exists only for its members and invitees (who accept their invitation instead)."""
    community, existing = await _visible_community(ctx, cmd.community_id, cmd.user_id)
    membership, event = community.join(user_id=cmd.user_id, existing=existing, membership_id=new_id())
    try:
        await (ctx.memberships.add(membership) if existing is None else ctx.memberships.save(membership))
    except AlreadyExists as exc:  # the same user joining twice at the same moment
        raise Conflict("You already asked to join this community.") from exc
    ctx.publish(event)
    return membership


async def leave_community(cmd: commands.LeaveCommunity, ctx: Context) -> Membership:
    community = await ctx.communities.get(cmd.community_id)
    membership = await ctx.memberships.get(cmd.community_id, cmd.user_id) if community else None
    if community is None or membership is None or not membership.is_open:
        raise NotFound(f"You are not a member of community {cmd.community_id}.")
    left, event = community.leave(membership, active_owners=await ctx.memberships.count_active_owners(community.id))
    await ctx.memberships.save(left)
    ctx.publish(event)
    return left


async def decide_request(cmd: commands.DecideRequest, ctx: Context) -> Membership:
    community, caller = await _visible_community(ctx, cmd.community_id, cmd.by)
    if caller is None or not caller.can_moderate:  # who asks comes first: a non-manager learns nothing more
        raise NotAllowed("Only the community's owner and moderators can decide requests to join.")
    request = await ctx.memberships.get(community.id, cmd.user_id)
    if request is None:
        raise NotFound(f"No request to join from user {cmd.user_id}.")
    decide = community.approve if cmd.approve else community.reject
    decided, event = decide(request, by=caller)
    await ctx.memberships.save(decided)
    ctx.publish(event)
    return decided


async def assign_role(cmd: commands.AssignRole, ctx: Context) -> Membership:
    community, caller = await _visible_community(ctx, cmd.community_id, cmd.by)
    member = await ctx.memberships.get(community.id, cmd.user_id)
    if member is None:
        raise NotFound(f"User {cmd.user_id} is not a member of this community.")
    changed, event = community.assign_role(member, cmd.role, by=caller)
    if event is not None:
        await ctx.memberships.save(changed)
        ctx.publish(event)
    return changed


async def erase_user(cmd: commands.EraseUser, ctx: Context) -> None:
    """GDPR: end the user's memberships and requests, hand over what they owned, take
    their name off their topics, replies, news and events, and void their calendar feed.
    Running it again finds nothing left to do."""
    for membership in await ctx.memberships.open_of_user(cmd.user_id):
        community = await ctx.communities.get(membership.community_id)
        if community is None:
            continue
        removed, event = community.remove(membership)
        if event is None:
            continue
        await ctx.memberships.save(removed)
        ctx.publish(event)
        if removed.role is MembershipRole.OWNER and await ctx.memberships.count_active_owners(community.id) == 0:
            successor = (await ctx.memberships.longest_standing(community.id, MembershipRole.MODERATOR)
                         or await ctx.memberships.longest_standing(community.id, MembershipRole.MEMBER))
            handed, promoted, events = community.hand_over(successor)
            await ctx.communities.save(handed)
            if promoted is not None:
                await ctx.memberships.save(promoted)
            for event in events:
                ctx.publish(event)
    await ctx.posts.anonymise_author(cmd.user_id)
    await ctx.news.anonymise_author(cmd.user_id)
    await ctx.events.anonymise_organiser(cmd.user_id)
    await ctx.feed_tokens.delete(cmd.user_id)


def _name_taken(name: str) -> Conflict:
    return Conflict(f"A community named {name.strip()!r} already exists.")
