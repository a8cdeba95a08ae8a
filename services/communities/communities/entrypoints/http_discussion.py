"""HTTP routes of discussion: topics (`/communities/{id}/posts…`) and their threaded replies.
Thin: parse, authorise, call a handler, shape the answer.

The topic (and reply) in the path is loaded as the caller sees it before If-Match and the
body are judged: 404 for what they may not see, 403 for what they may not change, then 428
or 412, then 422."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response, status
from servicekit.http.concurrency import (
    IfMatch,
    check_version,
    expected_version,
    set_etag,
)
from servicekit.http.dependencies import Database, UoW
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from servicekit.http.routing import ServiceRouter

from communities.adapters.discussion import DiscussionQueries, Reader, topic_cursor
from communities.domain.access import Scope
from communities.domain.discussion import Post, Reply
from communities.entrypoints.access import ParticipatingScope, ReadableScope
from communities.entrypoints.schemas_discussion import (
    PostIn,
    PostOut,
    PostPatch,
    ReplyIn,
    ReplyOut,
    ReplyPatch,
    ThreadOut,
)
from communities.service_layer import discussion as handlers
from communities.service_layer.discussion import viewer_of

router = ServiceRouter(tags=["discussion"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
REPLIES_PAGE = 50


def discussion_queries(db: Database) -> DiscussionQueries:
    return DiscussionQueries(db)


Queries = Annotated[DiscussionQueries, Depends(discussion_queries)]


def optional_if_match(request: Request) -> int | None:
    """Deleting, closing and reopening take If-Match when the client has it (412 if stale)."""
    return expected_version(request, required=False)


OptionalIfMatch = Annotated[int | None, Depends(optional_if_match)]


def _reader(scope: Scope) -> Reader:
    return Reader(user_id=scope.actor.user_id, manager=scope.can_manage())


def _forbidden(detail: str) -> Problem:
    return Problem(detail, status=403, title="Forbidden")


# -- the topic and reply in the path, as dependencies ----------------------------------------------
async def _topic(post_id: str, scope: ReadableScope, q: Queries) -> tuple[Scope, Post]:
    post = await q.post(post_id)
    if post is None or post.community_id != scope.community_id or not viewer_of(scope).sees(post):
        raise Problem(f"No topic {post_id}.", status=404, title="Not Found")
    return scope, post


Topic = Annotated[tuple[Scope, Post], Depends(_topic)]


async def _own_topic(topic: Topic) -> tuple[Scope, Post]:
    scope, post = topic
    if post.author_id != scope.actor.user_id:
        raise _forbidden("Only its author can change this topic.")
    return topic


async def _managed_topic(topic: Topic) -> tuple[Scope, Post]:
    scope, _ = topic
    scope.require_manage("close or reopen a topic")
    return topic


async def _reply(reply_id: str, topic: Topic, q: Queries) -> tuple[Scope, Post, Reply]:
    scope, post = topic
    reply = await q.reply(reply_id)
    if reply is None or reply.post_id != post.id or not viewer_of(scope).sees(reply):
        raise Problem(f"No reply {reply_id}.", status=404, title="Not Found")
    return scope, post, reply


async def _own_reply(reply: Annotated[tuple[Scope, Post, Reply], Depends(_reply)]) -> tuple[Scope, Post, Reply]:
    scope, _, r = reply
    if r.author_id != scope.actor.user_id:
        raise _forbidden("Only its author can change this reply.")
    return reply


async def _answerable(topic: Topic) -> tuple[Scope, Post]:
    scope, _ = topic
    scope.require_participate("reply")
    return topic


OwnTopic = Annotated[tuple[Scope, Post], Depends(_own_topic)]
ManagedTopic = Annotated[tuple[Scope, Post], Depends(_managed_topic)]
OwnReply = Annotated[tuple[Scope, Post, Reply], Depends(_own_reply)]
Answerable = Annotated[tuple[Scope, Post], Depends(_answerable)]


def _post_out(post: Post, scope: Scope) -> PostOut:
    return PostOut.of(post, viewer_of(scope), participates=scope.can_participate())


def _reply_out(reply: Reply, post: Post, scope: Scope) -> ReplyOut:
    open_ = scope.can_participate() and not post.closed and not post.deleted and post.moderation.visible
    return ReplyOut.of(reply, viewer_of(scope), can_reply=open_)


async def _replies_page(q: DiscussionQueries, scope: Scope, post: Post, *, cursor: str | None,
                        limit: int) -> tuple[list[ReplyOut], str | None]:
    rows = await q.replies(post.id, _reader(scope), after=decode_cursor(cursor), limit=limit)
    page = rows[:limit]
    more = encode_cursor(page[-1].thread_key) if len(rows) > limit and page else None
    return [_reply_out(r, post, scope) for r in page], more


# -- topics ---------------------------------------------------------------------------------------
@router.post("/communities/{community_id}/posts", status_code=status.HTTP_201_CREATED, response_model=PostOut,
             summary="Start a discussion topic (active members only)")
async def publish_post(community_id: str, scope: ParticipatingScope, body: PostIn, unit: UoW,
                       response: Response) -> PostOut:
    post = await unit.handle(handlers.publish_post, handlers.PublishPost(
        community_id=community_id, author_id=scope.actor.user_id, title=body.title, body=body.body))
    response.headers["Location"] = f"communities/{community_id}/posts/{post.id}"
    set_etag(response, post.version)
    return _post_out(post, scope)


@router.get("/communities/{community_id}/posts", response_model=Page[PostOut],
            summary="Topics, newest activity first (hidden ones only for managers and their authors, marked)")
async def posts(community_id: str, scope: ReadableScope, q: Queries, limit: Limit = 20,
                cursor: str | None = None) -> Page[PostOut]:
    rows = await q.posts(community_id, _reader(scope), after=decode_cursor(cursor), limit=limit)
    page = rows[:limit]
    more = encode_cursor(topic_cursor(page[-1])) if len(rows) > limit and page else None
    return Page(items=[_post_out(p, scope) for p in page], next_cursor=more)


@router.get("/communities/{community_id}/posts/{post_id}", response_model=ThreadOut,
            summary="One topic with the first page of its replies, in thread order")
async def thread(community_id: str, topic: Topic, q: Queries, response: Response,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = REPLIES_PAGE) -> ThreadOut:
    scope, post = topic
    replies, more = await _replies_page(q, scope, post, cursor=None, limit=limit)
    set_etag(response, post.version)
    return ThreadOut(**_post_out(post, scope).model_dump(), replies=replies, replies_next_cursor=more)


@router.patch("/communities/{community_id}/posts/{post_id}", response_model=PostOut,
              summary="Edit a topic (its author; If-Match required): an 'edited' trace stays")
async def edit_post(community_id: str, topic: OwnTopic, expected: IfMatch, body: PostPatch, unit: UoW,
                    response: Response) -> PostOut:
    scope, post = topic
    check_version(post.version, expected)
    edited = await unit.handle(handlers.edit_post, handlers.EditPost(
        community_id=community_id, post_id=post.id, actor=scope.actor, expected_version=expected,
        title=body.title, body=body.body))
    set_etag(response, edited.version)
    return _post_out(edited, scope)


@router.delete("/communities/{community_id}/posts/{post_id}", response_model=PostOut,
               summary="Remove a topic (its author): a 'removed' trace stays, and its replies")
async def delete_post(community_id: str, topic: OwnTopic, expected: OptionalIfMatch, unit: UoW,
                      response: Response) -> PostOut:
    return await _act(handlers.delete_post, topic, expected, unit, response)


@router.post("/communities/{community_id}/posts/{post_id}/close", response_model=PostOut,
             summary="Close a topic to new replies (owner, moderators)")
async def close_post(community_id: str, topic: ManagedTopic, expected: OptionalIfMatch, unit: UoW,
                     response: Response) -> PostOut:
    return await _act(handlers.close_post, topic, expected, unit, response)


@router.post("/communities/{community_id}/posts/{post_id}/reopen", response_model=PostOut,
             summary="Reopen a closed topic (owner, moderators)")
async def reopen_post(community_id: str, topic: ManagedTopic, expected: OptionalIfMatch, unit: UoW,
                      response: Response) -> PostOut:
    return await _act(handlers.reopen_post, topic, expected, unit, response)


async def _act(handler, topic: tuple[Scope, Post], expected: int | None, unit, response: Response) -> PostOut:
    scope, post = topic
    check_version(post.version, expected)
    moved = await unit.handle(handler, handlers.PostAction(
        community_id=post.community_id, post_id=post.id, actor=scope.actor, expected_version=expected))
    set_etag(response, moved.version)
    return _post_out(moved, scope)


# -- replies --------------------------------------------------------------------------------------
@router.get("/communities/{community_id}/posts/{post_id}/replies", response_model=Page[ReplyOut],
            summary="A topic's replies in thread order (each after the one it answers)")
async def replies(community_id: str, topic: Topic, q: Queries, limit: Limit = REPLIES_PAGE,
                  cursor: str | None = None) -> Page[ReplyOut]:
    scope, post = topic
    items, more = await _replies_page(q, scope, post, cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=more)


@router.post("/communities/{community_id}/posts/{post_id}/replies", status_code=status.HTTP_201_CREATED,
             response_model=ReplyOut, summary="Reply to the topic, or to one of its replies (active members)")
async def publish_reply(community_id: str, topic: Answerable, body: ReplyIn, unit: UoW,
                        response: Response) -> ReplyOut:
    scope, post = topic
    reply = await unit.handle(handlers.publish_reply, handlers.PublishReply(
        community_id=community_id, post_id=post.id, author_id=scope.actor.user_id, body=body.body,
        parent_id=body.parent_reply_id))
    response.headers["Location"] = f"communities/{community_id}/posts/{post.id}/replies/{reply.id}"
    set_etag(response, reply.version)
    return _reply_out(reply, post, scope)


@router.patch("/communities/{community_id}/posts/{post_id}/replies/{reply_id}", response_model=ReplyOut,
              summary="Edit a reply (its author; If-Match required): an 'edited' trace stays")
async def edit_reply(community_id: str, reply: OwnReply, expected: IfMatch, body: ReplyPatch, unit: UoW,
                     response: Response) -> ReplyOut:
    scope, post, r = reply
    check_version(r.version, expected)
    edited = await unit.handle(handlers.edit_reply, handlers.EditReply(
        community_id=community_id, post_id=post.id, reply_id=r.id, actor=scope.actor, expected_version=expected,
        body=body.body))
    set_etag(response, edited.version)
    return _reply_out(edited, post, scope)


@router.delete("/communities/{community_id}/posts/{post_id}/replies/{reply_id}", response_model=ReplyOut,
               summary="Remove a reply (its author): a 'removed' trace stays, and the replies to it")
async def delete_reply(community_id: str, reply: OwnReply, expected: OptionalIfMatch, unit: UoW,
                       response: Response) -> ReplyOut:
    scope, post, r = reply
    check_version(r.version, expected)
    deleted = await unit.handle(handlers.delete_reply, handlers.DeleteReply(
        community_id=community_id, post_id=post.id, reply_id=r.id, actor=scope.actor, expected_version=expected))
    set_etag(response, deleted.version)
    return _reply_out(deleted, post, scope)
