"""Command handlers: load the community and the memberships involved, apply the
domain's rules, save, and queue the resulting events, all in one unit of work."""
from __future__ import annotations


from pymongo.errors import DuplicateKeyError

from communities.adapters.repository import (
    CommunityRepository, MembershipRepository, PostRepository,
)
from communities.domain.model import Community, Membership, Post
from communities.service_layer import commands
from contracts.events import MembershipRole
from contracts.taxonomy import load_taxonomy
from servicekit.concurrency import check_version
from servicekit.errors import Conflict, NotFound
from servicekit.ids import new_id
from servicekit.unit_of_work import Transaction, UnitOfWork



async def _visible_community(tx: Transaction, community_id: str, user_id: str) -> tuple[Community, Membership | None]:
    """The community and the caller's membership; a private community the caller is not
    an active member of answers as if it did not exist."""
    community = await CommunityRepository(tx).get(community_id)
    membership = await MembershipRepository(tx).get(community_id, user_id) if community else None
    if community is None or not community.visible_to(membership):
        raise NotFound(f"No community {community_id}.")
    return community, membership


async def create_community(cmd: commands.CreateCommunity, uow: UnitOfWork) -> tuple[Community, Membership]:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)

    async def work(tx: Transaction) -> tuple[Community, Membership]:
        communities = CommunityRepository(tx)
        if await communities.name_taken(cmd.name):
            raise _name_taken(cmd.name)
        community, owner, events = Community.create(
            community_id=new_id(), membership_id=new_id(), owner_id=cmd.owner_id, name=cmd.name,
            description=cmd.description, visibility=cmd.visibility, descriptors=cmd.descriptors)
        await communities.add(community)
        await MembershipRepository(tx).add(owner)
        for event in events:
            tx.publish(event)
        return community, owner

    try:
        return await uow.run(work)
    except DuplicateKeyError as exc:  # the same name created at the same moment
        raise _name_taken(cmd.name) from exc


async def revise_community(cmd: commands.ReviseCommunity, uow: UnitOfWork) -> Community:
    if cmd.descriptors is not None:
        load_taxonomy().require_known(cmd.descriptors)

    async def work(tx: Transaction) -> Community:
        community, caller = await _visible_community(tx, cmd.community_id, cmd.by)
        check_version(community.version, cmd.expected_version)
        revised, event = community.revise(by=caller, name=cmd.name, description=cmd.description,
                                          visibility=cmd.visibility, descriptors=cmd.descriptors)
        communities = CommunityRepository(tx)
        if cmd.name is not None and await communities.name_taken(cmd.name, by_other_than=community.id):
            raise _name_taken(cmd.name)
        await communities.save(revised)
        tx.publish(event)
        return revised

    try:
        return await uow.run(work)
    except DuplicateKeyError as exc:
        raise _name_taken(cmd.name or "") from exc


async def join_community(cmd: commands.JoinCommunity, uow: UnitOfWork) -> Membership:
    """Anyone signed in may ask to join, private communities included: their id is the
    invitation (they are never listed to outsiders)."""
    async def work(tx: Transaction) -> Membership:
        community = await CommunityRepository(tx).get(cmd.community_id)
        if community is None:
            raise NotFound(f"No community {cmd.community_id}.")
        memberships = MembershipRepository(tx)
        existing = await memberships.get(community.id, cmd.user_id)
        membership, event = community.join(user_id=cmd.user_id, existing=existing, membership_id=new_id())
        await (memberships.add(membership) if existing is None else memberships.save(membership))
        tx.publish(event)
        return membership

    try:
        return await uow.run(work)
    except DuplicateKeyError as exc:  # the same user joining twice at the same moment
        raise Conflict("You already asked to join this community.") from exc


async def leave_community(cmd: commands.LeaveCommunity, uow: UnitOfWork) -> Membership:
    async def work(tx: Transaction) -> Membership:
        community = await CommunityRepository(tx).get(cmd.community_id)
        memberships = MembershipRepository(tx)
        membership = await memberships.get(cmd.community_id, cmd.user_id) if community else None
        if community is None or membership is None or not membership.is_open:
            raise NotFound(f"You are not a member of community {cmd.community_id}.")
        left, event = community.leave(membership, active_owners=await memberships.count_active_owners(community.id))
        await memberships.save(left)
        tx.publish(event)
        return left

    return await uow.run(work)


async def decide_request(cmd: commands.DecideRequest, uow: UnitOfWork) -> Membership:
    async def work(tx: Transaction) -> Membership:
        community, caller = await _visible_community(tx, cmd.community_id, cmd.by)
        memberships = MembershipRepository(tx)
        request = await memberships.get(community.id, cmd.user_id)
        if request is None:
            raise NotFound(f"No request to join from user {cmd.user_id}.")
        decide = community.approve if cmd.approve else community.reject
        decided, event = decide(request, by=caller)
        await memberships.save(decided)
        tx.publish(event)
        return decided

    return await uow.run(work)


async def assign_role(cmd: commands.AssignRole, uow: UnitOfWork) -> Membership:
    async def work(tx: Transaction) -> Membership:
        community, caller = await _visible_community(tx, cmd.community_id, cmd.by)
        memberships = MembershipRepository(tx)
        member = await memberships.get(community.id, cmd.user_id)
        if member is None:
            raise NotFound(f"User {cmd.user_id} is not a member of this community.")
        changed, event = community.assign_role(member, cmd.role, by=caller)
        if event is not None:
            await memberships.save(changed)
            tx.publish(event)
        return changed

    return await uow.run(work)


async def publish_post(cmd: commands.PublishPost, uow: UnitOfWork) -> Post:
    async def work(tx: Transaction) -> Post:
        community, caller = await _visible_community(tx, cmd.community_id, cmd.author_id)
        post, event = community.publish_post(post_id=new_id(), author=caller, title=cmd.title, body=cmd.body)
        await PostRepository(tx).add(post)
        tx.publish(event)
        return post

    return await uow.run(work)


async def erase_user(cmd: commands.EraseUser, tx: Transaction) -> None:
    """GDPR: end the user's memberships and requests, hand over what they owned, and
    take their name off their posts. Running it again finds nothing left to do."""
    communities, memberships = CommunityRepository(tx), MembershipRepository(tx)
    for membership in await memberships.open_of_user(cmd.user_id):
        community = await communities.get(membership.community_id)
        if community is None:
            continue
        removed, event = community.remove(membership)
        if event is None:
            continue
        await memberships.save(removed)
        tx.publish(event)
        if removed.role is MembershipRole.OWNER and await memberships.count_active_owners(community.id) == 0:
            successor = (await memberships.longest_standing(community.id, MembershipRole.MODERATOR)
                         or await memberships.longest_standing(community.id, MembershipRole.MEMBER))
            handed, promoted, events = community.hand_over(successor)
            await communities.save(handed)
            if promoted is not None:
                await memberships.save(promoted)
            for event in events:
                tx.publish(event)
    await PostRepository(tx).anonymise_author(cmd.user_id)


def _name_taken(name: str) -> Conflict:
    return Conflict(f"A community named {name.strip()!r} already exists.")
