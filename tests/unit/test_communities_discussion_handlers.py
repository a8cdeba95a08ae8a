"""The discussion service layer with in-memory repositories: the scope checked in the
transaction, 404 for what the actor may not see, active-member mentions, If-Match, the
reply count kept by the store, and the events published."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from communities.domain.access import Actor
from communities.domain.discussion import Post, Reply
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.moderation import Moderation, ModerationState
from communities.service_layer import discussion as handlers
from contracts.events import (
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
    PostPublished,
    ReplyPublished,
)
from servicekit.exceptions import Forbidden, NotFound, PreconditionFailed

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)


class FakePosts:
    def __init__(self) -> None:
        self.store: FakeStore[Post] = FakeStore()

    async def add(self, post: Post) -> None:
        self.store.insert(post)

    async def get(self, post_id: str) -> Post | None:
        return self.store.rows.get(post_id)

    async def save(self, post: Post) -> None:
        stored = self.store.rows.get(post.id)
        kept = post if stored is None else replace(post, reply_count=stored.reply_count,
                                                   last_activity_at=stored.last_activity_at,
                                                   moderation=stored.moderation)
        self.store.replace_versioned(kept)

    async def replied(self, post_id: str, at: datetime) -> None:
        post = self.store.rows[post_id]
        self.store.replace(replace(post, reply_count=post.reply_count + 1,
                                   last_activity_at=max(at, post.last_activity_at or at)))

    async def anonymise_author(self, author_id: str) -> int:
        return 0


class FakeReplies:
    def __init__(self) -> None:
        self.store: FakeStore[Reply] = FakeStore()

    async def add(self, reply: Reply) -> None:
        self.store.insert(reply)

    async def get(self, reply_id: str) -> Reply | None:
        return self.store.rows.get(reply_id)

    async def save(self, reply: Reply) -> None:
        self.store.replace_versioned(reply)

    async def retitle(self, post_id: str, title: str) -> None:
        for r in self.store.where(lambda r: r.post_id == post_id):
            self.store.replace(replace(r, post_title=title))


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    posts: FakePosts
    replies: FakeReplies


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility in (("open", CommunityVisibility.PUBLIC), ("closed", CommunityVisibility.CLOSED)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW))
        for user, role, status in (("owner", MembershipRole.OWNER, MembershipStatus.ACTIVE),
                                   ("mod", MembershipRole.MODERATOR, MembershipStatus.ACTIVE),
                                   ("ann", MembershipRole.MEMBER, MembershipStatus.ACTIVE),
                                   ("bob", MembershipRole.MEMBER, MembershipStatus.ACTIVE),
                                   ("left", MembershipRole.MEMBER, MembershipStatus.LEFT)):
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=status, since=NOW))
    return ctx


async def start(uow, community: str = "open", user: str = "ann", body: str = "Who is in?") -> Post:
    return await uow.handle(handlers.publish_post, handlers.PublishPost(
        community_id=community, author_id=user, title="Pilot line", body=body))


async def answer(uow, post: Post, user: str = "bob", body: str = "Me", parent: str | None = None) -> Reply:
    return await uow.handle(handlers.publish_reply, handlers.PublishReply(
        community_id=post.community_id, post_id=post.id, author_id=user, body=body, parent_id=parent))


async def test_a_topic_names_only_active_members_in_its_event(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow, body="@[Bob](user:bob) @[Gone](user:left) @[Who](user:nobody) @[Me](user:ann)")
    assert post.id in ctx.posts.store.rows
    [event] = ctx.published
    assert isinstance(event, PostPublished) and event.mentioned_user_ids == ["bob"]


async def test_non_members_may_not_post_and_a_closed_community_does_not_exist_for_them(ctx):
    uow = FakeUnitOfWork(ctx)
    with pytest.raises(Forbidden):
        await start(uow, user="stranger")
    with pytest.raises(NotFound):
        await start(uow, community="closed", user="stranger")
    with pytest.raises(NotFound):
        await start(uow, community="nowhere")
    assert ctx.posts.store.rows == {} and ctx.published == []


async def test_a_reply_counts_on_the_topic_without_making_its_version_stale(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow)
    first = await answer(uow, post, body="@[Ann](user:ann) sure")
    child = await answer(uow, post, user="ann", parent=first.id)
    stored = ctx.posts.store.rows[post.id]
    assert stored.reply_count == 2 and stored.version == 1 and stored.last_activity_at >= post.published_at
    assert (child.depth, child.parent_author_id) == (2, "bob")
    events = [e for e in ctx.published if isinstance(e, ReplyPublished)]
    assert [e.post_author_id for e in events] == ["ann", "ann"] and events[0].mentioned_user_ids == ["ann"]
    edited = await uow.handle(handlers.edit_post, handlers.EditPost(
        community_id="open", post_id=post.id, actor=Actor("ann"), expected_version=1, title="Pilot line 2"))
    assert edited.version == 2 and ctx.posts.store.rows[post.id].reply_count == 2
    assert {r.post_title for r in ctx.replies.store.rows.values()} == {"Pilot line 2"}


async def test_a_reply_to_a_reply_of_another_topic_is_not_found(ctx):
    uow = FakeUnitOfWork(ctx)
    one, two = await start(uow), await start(uow)
    theirs = await answer(uow, two)
    with pytest.raises(NotFound):
        await answer(uow, one, parent=theirs.id)
    with pytest.raises(NotFound):
        await answer(uow, one, parent="missing")


async def test_edits_check_the_version_and_the_author(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow)
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.edit_post, handlers.EditPost(
            community_id="open", post_id=post.id, actor=Actor("ann"), expected_version=5, body="x"))
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.edit_post, handlers.EditPost(
            community_id="open", post_id=post.id, actor=Actor("owner"), expected_version=None, body="x"))
    reply = await answer(uow, post)
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.edit_reply, handlers.EditReply(
            community_id="open", post_id=post.id, reply_id=reply.id, actor=Actor("bob"), expected_version=2,
            body="x"))
    edited = await uow.handle(handlers.edit_reply, handlers.EditReply(
        community_id="open", post_id=post.id, reply_id=reply.id, actor=Actor("bob"), expected_version=1,
        body="Me, twice"))
    assert ctx.replies.store.rows[reply.id].body == "Me, twice" and edited.edited_at


async def test_deleting_keeps_the_trace_and_the_replies(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow)
    reply = await answer(uow, post)
    gone = await uow.handle(handlers.delete_reply, handlers.DeleteReply(
        community_id="open", post_id=post.id, reply_id=reply.id, actor=Actor("bob")))
    assert gone.deleted and ctx.replies.store.rows[reply.id].body == ""
    removed = await uow.handle(handlers.delete_post, handlers.PostAction(
        community_id="open", post_id=post.id, actor=Actor("ann")))
    assert removed.deleted and reply.id in ctx.replies.store.rows
    with pytest.raises(CommunityRuleViolation):
        await answer(uow, post)


async def test_only_managers_close_and_then_replies_are_refused(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow)
    action = handlers.PostAction(community_id="open", post_id=post.id, actor=Actor("ann"))
    with pytest.raises(Forbidden):
        await uow.handle(handlers.close_post, action)
    closed = await uow.handle(handlers.close_post, replace(action, actor=Actor("mod")))
    assert closed.closed and closed.closed_by == "mod"
    with pytest.raises(CommunityRuleViolation):
        await answer(uow, post)
    await uow.handle(handlers.reopen_post, replace(action, actor=Actor("owner")))
    assert (await answer(uow, post)).body == "Me"


async def test_hidden_content_is_not_found_by_other_members(ctx):
    uow = FakeUnitOfWork(ctx)
    post = await start(uow)
    ctx.posts.store.replace(replace(ctx.posts.store.rows[post.id],
                                    moderation=Moderation(state=ModerationState.HIDDEN_PENDING_REVIEW)))
    with pytest.raises(NotFound):
        await answer(uow, post)
    with pytest.raises(CommunityRuleViolation):  # its author sees it, but it takes no replies while hidden
        await answer(uow, post, user="ann")
    closed = await uow.handle(handlers.close_post, handlers.PostAction(
        community_id="open", post_id=post.id, actor=Actor("mod")))
    assert closed.moderation.state is ModerationState.HIDDEN_PENDING_REVIEW  # the store's state is kept
