"""HTTP routes of discussion: topics (posts) and replies. Thin: parse, authorise, call a
handler, shape the answer."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, status
from servicekit.http.dependencies import Caller, Database, UoW
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter

from communities.adapters.discussion import DiscussionQueries
from communities.entrypoints.access import ParticipatingScope, ReadableScope
from communities.entrypoints.schemas_discussion import PostIn, PostOut
from communities.service_layer import discussion

router = ServiceRouter(tags=["discussion"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def discussion_queries(db: Database) -> DiscussionQueries:
    return DiscussionQueries(db)


Queries = Annotated[DiscussionQueries, Depends(discussion_queries)]


@router.post("/communities/{community_id}/posts", status_code=status.HTTP_201_CREATED, response_model=PostOut,
             summary="Start a discussion topic (active members only)")
async def publish_post(community_id: str, caller: Caller, _: ParticipatingScope, body: PostIn,
                       unit: UoW) -> PostOut:
    post = await unit.handle(discussion.publish_post, discussion.PublishPost(
        community_id=community_id, author_id=caller.user_id, title=body.title, body=body.body))
    return PostOut.of(post)


@router.get("/communities/{community_id}/posts", response_model=Page[PostOut], summary="Topics, newest first")
async def posts(community_id: str, _: ReadableScope, q: Queries, limit: Limit = 20,
                cursor: str | None = None) -> Page[PostOut]:
    rows = await q.posts(community_id, after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[PostOut.of(p) for p in rows[:limit]], next_cursor=next_cursor([p.id for p in rows], limit))
