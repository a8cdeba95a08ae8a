"""MongoDB adapters of discussion: topics (posts) and their replies."""
from __future__ import annotations

from dataclasses import asdict

from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository

from communities.domain.discussion import Post
from communities.domain.model import ERASED_USER

POSTS = "posts"


def _post_doc(post: Post) -> dict:
    doc = asdict(post)
    doc["_id"] = doc.pop("id")
    return doc


def post_from_doc(doc: dict) -> Post:
    return Post(id=doc["_id"], community_id=doc["community_id"], author_id=doc["author_id"], title=doc["title"],
                body=doc["body"], published_at=doc["published_at"])


class MongoPostRepository(MongoRepository):
    collection_name = POSTS

    async def add(self, post: Post) -> None:
        await self._insert(_post_doc(post))

    async def anonymise_author(self, author_id: str) -> int:
        return await self._update_many({"author_id": author_id}, {"$set": {"author_id": ERASED_USER}})


class DiscussionRepositories:
    """Mixed into CommunitiesContext: the discussion repositories, each built over the
    handler's transaction."""

    posts: MongoPostRepository


class DiscussionQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._posts = db[POSTS]

    async def posts(self, community_id: str, *, after_id: str | None, limit: int) -> list[Post]:
        query: dict = {"community_id": community_id}
        if after_id:
            query["_id"] = {"$lt": after_id}  # newest first
        cursor = self._posts.find(query).sort("_id", -1).limit(limit + 1)
        return [post_from_doc(d) async for d in cursor]


async def ensure_discussion_indexes(db: AsyncDatabase) -> None:
    await db[POSTS].create_index([("community_id", 1), ("_id", -1)])
    await db[POSTS].create_index("author_id")
