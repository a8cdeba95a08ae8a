"""Commands and handlers of discussion: topics (posts) and replies. Handlers have the one
shape: `async def handler(command, ctx) -> result`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from contracts.events import IntegrationEvent
from servicekit.ids import new_id

from communities.domain.access import Actor
from communities.domain.discussion import Post
from communities.domain.discussion import publish_post as start_post
from communities.service_layer.scopes import ScopeSource, load_scope


class PostRepository(Protocol):
    async def add(self, post: Post) -> None: ...

    async def anonymise_author(self, author_id: str) -> int: ...


class DiscussionContext(ScopeSource, Protocol):
    posts: PostRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublishPost:
    community_id: str
    author_id: str
    title: str
    body: str


# -- handlers ---------------------------------------------------------------------------------
async def publish_post(cmd: PublishPost, ctx: DiscussionContext) -> Post:
    scope = (await load_scope(ctx, cmd.community_id, Actor(cmd.author_id))).require_participate("post in it")
    assert scope.community is not None
    post, event = start_post(scope.community, post_id=new_id(), author=scope.membership, title=cmd.title,
                             body=cmd.body)
    await ctx.posts.add(post)
    ctx.publish(event)
    return post
