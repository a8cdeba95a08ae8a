"""Commands and handlers of discussion: topics (posts) and their threaded replies. Handlers
have the one shape: `async def handler(command, ctx) -> result`.

Every handler loads the scope inside its transaction and lets the domain
(`domain/discussion.py`) decide. A topic or reply the actor may not see (another
community's, or hidden by a moderator from someone who neither moderates nor wrote it)
answers 404, like one that does not exist."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from contracts.events import IntegrationEvent
from servicekit.exceptions import NotFound
from servicekit.ids import new_id
from servicekit.versioning import check_version

from communities.domain import discussion as domain
from communities.domain.access import Actor, Scope
from communities.domain.discussion import Post, Reply, Viewer
from communities.domain.model import NotAllowed
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class PostRepository(Protocol):
    async def add(self, post: Post) -> None: ...

    async def get(self, post_id: str) -> Post | None: ...

    async def save(self, post: Post) -> None:
        """Optimistic: the stored version must be post.version - 1 (else ConcurrentModification).
        Leaves the store's own fields alone (reply_count, last_activity_at, moderation)."""

    async def replied(self, post_id: str, at: datetime) -> None:
        """One more reply: reply_count + 1, last_activity_at = at (the version does not move:
        a reply does not make the author's edit stale)."""

    async def anonymise_author(self, author_id: str) -> int:
        """Erasure: the user's topics and replies lose their author's id."""


class ReplyRepository(Protocol):
    async def add(self, reply: Reply) -> None: ...

    async def get(self, reply_id: str) -> Reply | None: ...

    async def save(self, reply: Reply) -> None:
        """Optimistic, like PostRepository.save (moderation left alone)."""

    async def retitle(self, post_id: str, title: str) -> None:
        """The topic's title changed: its replies carry it (for moderation's queue)."""


class DiscussionContext(ScopeSource, Protocol):
    posts: PostRepository
    replies: ReplyRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublishPost:
    community_id: str
    author_id: str
    title: str
    body: str


@dataclass(frozen=True)
class EditPost:
    community_id: str
    post_id: str
    actor: Actor
    expected_version: int | None
    title: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class PostAction:
    """delete (by its author), close and reopen (by the owner and moderators)."""

    community_id: str
    post_id: str
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class PublishReply:
    community_id: str
    post_id: str
    author_id: str
    body: str
    parent_id: str | None = None


@dataclass(frozen=True)
class EditReply:
    community_id: str
    post_id: str
    reply_id: str
    actor: Actor
    expected_version: int | None
    body: str


@dataclass(frozen=True)
class DeleteReply:
    community_id: str
    post_id: str
    reply_id: str
    actor: Actor
    expected_version: int | None = None


# -- helpers ----------------------------------------------------------------------------------
def viewer_of(scope: Scope) -> Viewer:
    return Viewer(user_id=scope.actor.user_id, manager=scope.can_manage())


async def active_mentions(ctx: DiscussionContext, community_id: str, text: str) -> list[str]:
    """The users the text names with `@[Name](user:ID)` who are active members here."""
    named = domain.mentioned_user_ids(text)[:domain.MAX_MENTIONS]
    return [uid for uid in named if (m := await ctx.memberships.get(community_id, uid)) is not None and m.is_active]


async def _topic(ctx: DiscussionContext, community_id: str, post_id: str, actor: Actor) -> tuple[Scope, Post]:
    scope = (await load_scope(ctx, community_id, actor)).require_read()
    post = await ctx.posts.get(post_id)
    if post is None or post.community_id != community_id or not viewer_of(scope).sees(post):
        raise NotFound(f"No topic {post_id}.")
    return scope, post


async def _reply(ctx: DiscussionContext, scope: Scope, post: Post, reply_id: str) -> Reply:
    reply = await ctx.replies.get(reply_id)
    if reply is None or reply.post_id != post.id or not viewer_of(scope).sees(reply):
        raise NotFound(f"No reply {reply_id}.")
    return reply


def _unchanged(new, old) -> bool:
    return new is old


# -- topics -----------------------------------------------------------------------------------
async def publish_post(cmd: PublishPost, ctx: DiscussionContext) -> Post:
    scope = (await load_scope(ctx, cmd.community_id, Actor(cmd.author_id))).require_participate("post in it")
    assert scope.community is not None
    mentioned = await active_mentions(ctx, cmd.community_id, cmd.body)
    post, event = domain.publish_post(scope.community, post_id=new_id(), author=scope.membership, title=cmd.title,
                                      body=cmd.body, mentioned=mentioned)
    await ctx.posts.add(post)
    ctx.publish(event)
    return post


async def edit_post(cmd: EditPost, ctx: DiscussionContext) -> Post:
    _, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    check_version(post.version, cmd.expected_version)
    body = post.body if cmd.body is None else cmd.body
    mentioned = await active_mentions(ctx, cmd.community_id, body)
    edited = post.edit(by=cmd.actor.user_id, title=cmd.title, body=cmd.body, mentioned=mentioned)
    if _unchanged(edited, post):
        return post
    await ctx.posts.save(edited)
    if edited.title != post.title:
        await ctx.replies.retitle(post.id, edited.title)
    return edited


async def delete_post(cmd: PostAction, ctx: DiscussionContext) -> Post:
    _, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    check_version(post.version, cmd.expected_version)
    deleted = post.delete(by=cmd.actor.user_id)
    if not _unchanged(deleted, post):
        await ctx.posts.save(deleted)
    return deleted


async def close_post(cmd: PostAction, ctx: DiscussionContext) -> Post:
    scope, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    scope.require_manage("close a topic")
    check_version(post.version, cmd.expected_version)
    closed = post.close(by=cmd.actor.user_id)
    if not _unchanged(closed, post):
        await ctx.posts.save(closed)
    return closed


async def reopen_post(cmd: PostAction, ctx: DiscussionContext) -> Post:
    scope, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    scope.require_manage("reopen a topic")
    check_version(post.version, cmd.expected_version)
    opened = post.reopen()
    if not _unchanged(opened, post):
        await ctx.posts.save(opened)
    return opened


# -- replies ----------------------------------------------------------------------------------
async def publish_reply(cmd: PublishReply, ctx: DiscussionContext) -> Reply:
    scope, post = await _topic(ctx, cmd.community_id, cmd.post_id, Actor(cmd.author_id))
    scope.require_participate("reply")
    assert scope.community is not None
    parent = await _reply(ctx, scope, post, cmd.parent_id) if cmd.parent_id else None
    mentioned = await active_mentions(ctx, cmd.community_id, cmd.body)
    reply, event = post.reply(scope.community, reply_id=new_id(), author=scope.membership, body=cmd.body,
                              parent=parent, mentioned=mentioned)
    await ctx.replies.add(reply)
    await ctx.posts.replied(post.id, reply.published_at)
    ctx.publish(event)
    return reply


async def edit_reply(cmd: EditReply, ctx: DiscussionContext) -> Reply:
    scope, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    reply = await _reply(ctx, scope, post, cmd.reply_id)
    check_version(reply.version, cmd.expected_version)
    mentioned = await active_mentions(ctx, cmd.community_id, cmd.body)
    edited = reply.edit(by=cmd.actor.user_id, body=cmd.body, mentioned=mentioned)
    if not _unchanged(edited, reply):
        await ctx.replies.save(edited)
    return edited


async def delete_reply(cmd: DeleteReply, ctx: DiscussionContext) -> Reply:
    scope, post = await _topic(ctx, cmd.community_id, cmd.post_id, cmd.actor)
    reply = await _reply(ctx, scope, post, cmd.reply_id)
    check_version(reply.version, cmd.expected_version)
    deleted = reply.delete(by=cmd.actor.user_id)
    if not _unchanged(deleted, reply):
        await ctx.replies.save(deleted)
    return deleted


def require_author(item: Post | Reply, actor: Actor, what: str) -> None:
    """For the routes: 403 before If-Match and the body are judged."""
    if item.author_id != actor.user_id:
        raise NotAllowed(f"Only its author can {what}.")

