"""The communities service layer with in-memory repositories: the rules that live in
handlers (visibility as not-found, unique names, ownership hand-over on erasure, events
published, nothing written when a rule refuses) in milliseconds."""
from __future__ import annotations

from dataclasses import replace

import pytest
from communities.domain.discussion import Post
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
    name_key,
)
from communities.service_layer import commands, discussion, handlers
from contracts.events import (
    CommunityVisibility,
    MembershipChanged,
    MembershipRole,
    MembershipStatus,
    PostPublished,
)
from contracts.taxonomy import UnknownDescriptors
from servicekit.exceptions import Conflict, Forbidden, PreconditionFailed

from tests.support.communities_fakes import FakeInvitations
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

PUBLIC, PRIVATE = CommunityVisibility.PUBLIC, CommunityVisibility.PRIVATE
ACTIVE, PENDING = MembershipStatus.ACTIVE, MembershipStatus.PENDING
OWNER, MODERATOR, MEMBER = MembershipRole.OWNER, MembershipRole.MODERATOR, MembershipRole.MEMBER


class FakeCommunities:
    def __init__(self) -> None:
        self.store: FakeStore[Community] = FakeStore(unique=lambda c: name_key(c.name))

    async def add(self, community: Community) -> None:
        self.store.insert(community)

    async def get(self, community_id: str) -> Community | None:
        return self.store.rows.get(community_id)

    async def name_taken(self, name: str, *, by_other_than: str | None = None) -> bool:
        return self.store.first(lambda c: name_key(c.name) == name_key(name) and c.id != by_other_than) is not None

    async def save(self, community: Community) -> None:
        self.store.replace_versioned(community)

    async def children(self, community_id: str) -> list[Community]:
        return self.store.where(lambda c: c.parent_id == community_id)


class FakeMemberships:
    def __init__(self) -> None:
        self.store: FakeStore[Membership] = FakeStore(unique=lambda m: (m.community_id, m.user_id))

    async def add(self, membership: Membership) -> None:
        self.store.insert(membership)

    async def get(self, community_id: str, user_id: str) -> Membership | None:
        return self.store.first(lambda m: (m.community_id, m.user_id) == (community_id, user_id))

    async def save(self, membership: Membership) -> None:
        self.store.replace_versioned(membership)

    async def count_active_owners(self, community_id: str) -> int:
        return len(self.store.where(lambda m: m.community_id == community_id and m.role is OWNER and m.is_active))

    async def open_of_user(self, user_id: str) -> list[Membership]:
        return self.store.where(lambda m: m.user_id == user_id and m.is_open)

    async def longest_standing(self, community_id: str, role: MembershipRole) -> Membership | None:
        return self.store.first(lambda m: m.community_id == community_id and m.role is role and m.is_active)


class FakePosts:
    def __init__(self) -> None:
        self.store: FakeStore[Post] = FakeStore()

    async def add(self, post: Post) -> None:
        self.store.insert(post)

    async def anonymise_author(self, author_id: str) -> int:
        mine = self.store.where(lambda p: p.author_id == author_id)
        for post in mine:
            self.store.replace(replace(post, author_id="erased-user"))
        return len(mine)


class FakeErasable:
    """News, events and feed tokens, as far as erasure is concerned: who was erased from them."""

    def __init__(self) -> None:
        self.erased: list[str] = []

    async def anonymise_author(self, author_id: str) -> int:
        self.erased.append(author_id)
        return 1

    async def anonymise_organiser(self, user_id: str) -> int:
        return await self.anonymise_author(user_id)

    async def delete(self, user_id: str) -> bool:
        return bool(await self.anonymise_author(user_id))


class FakeCommunitiesContext(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    posts: FakePosts
    news: FakeErasable
    events: FakeErasable
    feed_tokens: FakeErasable


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeCommunitiesContext]:
    return FakeUnitOfWork(FakeCommunitiesContext())


async def create(uow, name="Space makers", owner="owner", visibility=PUBLIC) -> Community:
    community, _ = await uow.handle(handlers.create_community, commands.CreateCommunity(
        owner_id=owner, name=name, description="Small satellites", visibility=visibility,
        descriptors=["s3:aerospace"]))
    return community


async def join(uow, community: Community, user: str) -> Membership:
    return await uow.handle(handlers.join_community, commands.JoinCommunity(community_id=community.id, user_id=user))


async def test_creating_stores_the_community_and_its_owner_and_publishes_both_facts(uow):
    community = await create(uow)
    assert uow.ctx.communities.store.rows[community.id].name == "Space makers"
    owner = await uow.ctx.memberships.get(community.id, "owner")
    assert (owner.role, owner.status) == (OWNER, ACTIVE)
    assert [type(e).__name__ for e in uow.ctx.published] == ["CommunityCreated", "MembershipChanged"]


async def test_names_are_unique_without_regard_to_case(uow):
    await create(uow, name="Space makers")
    with pytest.raises(Conflict, match="already exists"):
        await create(uow, name="  SPACE makers ", owner="someone-else")
    assert len(uow.ctx.communities.store.rows) == 1


async def test_unknown_descriptors_are_refused_before_anything_is_written(uow):
    with pytest.raises(UnknownDescriptors):
        await uow.handle(handlers.create_community, commands.CreateCommunity(
            owner_id="o", name="Nowhere", description="", visibility=PUBLIC, descriptors=["s3:atlantis"]))
    assert uow.ctx.communities.store.rows == {} and uow.ctx.published == []


async def test_a_private_community_refuses_outsiders_posts_but_takes_their_request(uow):
    private = await create(uow, visibility=PRIVATE)
    with pytest.raises(Forbidden):
        await uow.handle(discussion.publish_post, discussion.PublishPost(
            community_id=private.id, author_id="outsider", title="Hello", body="Anyone?"))
    request = await join(uow, private, "outsider")
    assert request.status is PENDING
    changed = uow.ctx.published[-1]
    assert isinstance(changed, MembershipChanged) and changed.status is PENDING and changed.user_id == "outsider"


async def test_joining_twice_is_a_conflict_and_changes_nothing(uow):
    community = await create(uow)
    await join(uow, community, "u2")
    published = len(uow.ctx.published)
    with pytest.raises(CommunityRuleViolation):
        await join(uow, community, "u2")
    assert len(uow.ctx.published) == published


async def test_only_moderators_decide_requests(uow):
    private = await create(uow, visibility=PRIVATE)
    await join(uow, private, "applicant")
    await uow.handle(handlers.decide_request, commands.DecideRequest(
        community_id=private.id, user_id="applicant", by="owner", approve=True))
    await join(uow, private, "second")
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.decide_request, commands.DecideRequest(
            community_id=private.id, user_id="second", by="applicant", approve=True))
    assert (await uow.ctx.memberships.get(private.id, "second")).status is PENDING


async def test_revising_a_stale_version_is_refused(uow):
    community = await create(uow)
    with pytest.raises(PreconditionFailed) as refused:
        await uow.handle(handlers.revise_community, commands.ReviseCommunity(
            community_id=community.id, by="owner", expected_version=community.version + 1, description="new"))
    assert refused.value.current_version == community.version
    assert uow.ctx.communities.store.rows[community.id].description == "Small satellites"


async def test_renaming_to_a_taken_name_is_a_conflict(uow):
    await create(uow, name="Agrifood circle")
    other = await create(uow, name="Space makers")
    with pytest.raises(Conflict):
        await uow.handle(handlers.revise_community, commands.ReviseCommunity(
            community_id=other.id, by="owner", expected_version=None, name="agrifood CIRCLE"))


async def test_members_post_and_the_post_is_published(uow):
    community = await create(uow)
    await join(uow, community, "u2")
    post = await uow.handle(discussion.publish_post, discussion.PublishPost(
        community_id=community.id, author_id="u2", title="Call for partners", body="Composite ribs"))
    assert post.id in uow.ctx.posts.store.rows
    assert isinstance(uow.ctx.published[-1], PostPublished)


async def test_erasing_the_sole_owner_hands_the_community_to_its_longest_standing_moderator(uow):
    community = await create(uow)
    await join(uow, community, "member")
    await join(uow, community, "moderator")
    await uow.handle(handlers.assign_role, commands.AssignRole(
        community_id=community.id, user_id="moderator", role=MODERATOR, by="owner"))
    await uow.handle(discussion.publish_post, discussion.PublishPost(
        community_id=community.id, author_id="owner", title="Welcome", body="Hello all"))

    await uow.handle(handlers.erase_user, commands.EraseUser(user_id="owner"))

    assert (await uow.ctx.memberships.get(community.id, "owner")).is_open is False
    assert (await uow.ctx.memberships.get(community.id, "moderator")).role is OWNER
    assert uow.ctx.communities.store.rows[community.id].owner_id == "moderator"
    assert all(p.author_id == "erased-user" for p in uow.ctx.posts.store.rows.values())
    # Their news and events lose their name; their personal calendar feed stops working.
    assert uow.ctx.news.erased == uow.ctx.events.erased == uow.ctx.feed_tokens.erased == ["owner"]
    # Running it again (a redelivered event) finds nothing left to do.
    published = len(uow.ctx.published)
    await uow.handle(handlers.erase_user, commands.EraseUser(user_id="owner"))
    assert len(uow.ctx.published) == published
