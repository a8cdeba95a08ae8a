"""Discussion: topics (posts) in a community. Pure: no I/O."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.events import PostPublished

from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
    excerpt,
)


@dataclass(frozen=True)
class Post:
    id: str
    community_id: str
    author_id: str
    title: str
    body: str
    published_at: datetime


def publish_post(community: Community, *, post_id: str, author: Membership | None, title: str,
                 body: str) -> tuple[Post, PostPublished]:
    if author is None or not author.is_active:
        raise NotAllowed("Only the community's members can post in it.")
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise CommunityRuleViolation("A post needs a title and a body.")
    post = Post(id=post_id, community_id=community.id, author_id=author.user_id, title=title, body=body,
                published_at=datetime.now(UTC))
    return post, PostPublished(post_id=post.id, community_id=community.id, community_visibility=community.visibility,
                               author_id=post.author_id, title=post.title, excerpt=excerpt(post.body),
                               published_at=post.published_at)
