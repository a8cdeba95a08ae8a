"""MongoDB adapters of discussion: topics (collection `posts`) and their replies (collection
`replies`). Both carry `community_id`, `author_id`, `body`, `version` and the `moderation`
subdocument (domain/moderation.py) that the moderation capability moves ($set moderation,
$inc version); saves here leave `moderation` alone, and a topic's `reply_count` and
`last_activity_at` are the store's ($inc on each reply, without moving the version)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from servicekit.exceptions import ConcurrentModification
from servicekit.http.errors import Problem
from servicekit.repository import MongoRepository

from communities.domain.discussion import Post, Reply
from communities.domain.model import ERASED_USER
from communities.domain.moderation import VISIBLE_ONLY, Moderation, ModerationState

POSTS = "posts"
REPLIES = "replies"
STORE_FIELDS = ("reply_count", "last_activity_at", "moderation")  # not written by save


def post_doc(post: Post) -> dict:
    return {
        "_id": post.id, "community_id": post.community_id, "author_id": post.author_id, "title": post.title,
        "body": post.body, "published_at": post.published_at, "version": post.version, "edited_at": post.edited_at,
        "deleted_at": post.deleted_at, "closed_at": post.closed_at, "closed_by": post.closed_by,
        "reply_count": post.reply_count, "last_activity_at": post.last_activity_at or post.published_at,
        "mentioned_user_ids": list(post.mentioned_user_ids), "moderation": post.moderation.to_doc(),
    }


def post_from_doc(doc: dict) -> Post:
    return Post(
        id=doc["_id"], community_id=doc["community_id"], author_id=doc["author_id"], title=doc["title"],
        body=doc.get("body", ""), published_at=doc["published_at"], version=doc.get("version", 1),
        edited_at=doc.get("edited_at"), deleted_at=doc.get("deleted_at"), closed_at=doc.get("closed_at"),
        closed_by=doc.get("closed_by"), reply_count=doc.get("reply_count", 0),
        last_activity_at=doc.get("last_activity_at") or doc["published_at"],
        mentioned_user_ids=tuple(doc.get("mentioned_user_ids", ())),
        moderation=Moderation.from_doc(doc.get("moderation")))


def reply_doc(reply: Reply) -> dict:
    return {
        "_id": reply.id, "post_id": reply.post_id, "community_id": reply.community_id,
        "post_title": reply.post_title, "author_id": reply.author_id, "body": reply.body,
        "published_at": reply.published_at, "parent_id": reply.parent_id, "parent_author_id": reply.parent_author_id,
        "depth": reply.depth, "thread_key": reply.thread_key, "version": reply.version,
        "edited_at": reply.edited_at, "deleted_at": reply.deleted_at,
        "mentioned_user_ids": list(reply.mentioned_user_ids), "moderation": reply.moderation.to_doc(),
    }


def reply_from_doc(doc: dict) -> Reply:
    return Reply(
        id=doc["_id"], post_id=doc["post_id"], community_id=doc["community_id"], post_title=doc.get("post_title", ""),
        author_id=doc["author_id"], body=doc.get("body", ""), published_at=doc["published_at"],
        parent_id=doc.get("parent_id"), parent_author_id=doc.get("parent_author_id"), depth=doc.get("depth", 1),
        thread_key=doc.get("thread_key") or doc["_id"], version=doc.get("version", 1),
        edited_at=doc.get("edited_at"), deleted_at=doc.get("deleted_at"),
        mentioned_user_ids=tuple(doc.get("mentioned_user_ids", ())),
        moderation=Moderation.from_doc(doc.get("moderation")))


def _changes(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("_id", *STORE_FIELDS)}


class _Versioned(MongoRepository):
    async def _save_fields(self, doc: dict) -> None:
        matched = await self._update_one({"_id": doc["_id"], "version": doc["version"] - 1}, {"$set": _changes(doc)})
        if matched != 1:
            raise ConcurrentModification(str(doc["_id"]))


class MongoPostRepository(_Versioned):
    collection_name = POSTS

    async def add(self, post: Post) -> None:
        await self._insert(post_doc(post))

    async def get(self, post_id: str) -> Post | None:
        return await self._find_as({"_id": post_id}, post_from_doc)

    async def save(self, post: Post) -> None:
        await self._save_fields(post_doc(post))

    async def replied(self, post_id: str, at: datetime) -> None:
        await self._update_one({"_id": post_id}, {"$inc": {"reply_count": 1}, "$max": {"last_activity_at": at}})

    async def anonymise_author(self, author_id: str) -> int:
        """The user's topics and replies (and the replies' note of whom they answer)."""
        replies = self._collection.database[REPLIES]
        erased = {"$set": {"author_id": ERASED_USER}}
        changed = (await replies.update_many({"author_id": author_id}, erased, session=self._session)).modified_count
        await replies.update_many({"parent_author_id": author_id}, {"$set": {"parent_author_id": ERASED_USER}},
                                  session=self._session)
        return changed + await self._update_many({"author_id": author_id}, erased)


class MongoReplyRepository(_Versioned):
    collection_name = REPLIES

    async def add(self, reply: Reply) -> None:
        await self._insert(reply_doc(reply))

    async def get(self, reply_id: str) -> Reply | None:
        return await self._find_as({"_id": reply_id}, reply_from_doc)

    async def save(self, reply: Reply) -> None:
        await self._save_fields(reply_doc(reply))

    async def retitle(self, post_id: str, title: str) -> None:
        await self._update_many({"post_id": post_id}, {"$set": {"post_title": title}})


class DiscussionRepositories:
    """Mixed into CommunitiesContext: the discussion repositories, each built over the
    handler's transaction."""

    posts: MongoPostRepository
    replies: MongoReplyRepository


# -- the read side ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reader:
    """Who lists: managers see hidden content too (marked); an author their own hidden content."""

    user_id: str
    manager: bool = False


def _shown(reader: Reader) -> dict:
    if reader.manager:
        return {}
    shown = {"moderation.state": {"$in": [*VISIBLE_ONLY["moderation.state"]["$in"], ModerationState.REMOVED.value]}}
    return {"$or": [shown, {"author_id": reader.user_id}]}


def _bad_cursor() -> Problem:
    return Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor")


def topic_cursor(post: Post) -> str:
    """Newest activity first, then newest id."""
    at = post.last_activity_at or post.published_at
    return f"{int(at.timestamp() * 1000)}|{post.id}"


def _after_topic(cursor: str) -> dict:
    try:
        millis, post_id = cursor.split("|", 1)
        at = datetime.fromtimestamp(int(millis) / 1000, UTC)
    except ValueError:
        raise _bad_cursor() from None
    return {"$or": [{"last_activity_at": {"$lt": at}}, {"last_activity_at": at, "_id": {"$lt": post_id}}]}


class DiscussionQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._posts = db[POSTS]
        self._replies = db[REPLIES]

    async def post(self, post_id: str) -> Post | None:
        doc = await self._posts.find_one({"_id": post_id})
        return post_from_doc(doc) if doc else None

    async def reply(self, reply_id: str) -> Reply | None:
        doc = await self._replies.find_one({"_id": reply_id})
        return reply_from_doc(doc) if doc else None

    async def posts(self, community_id: str, reader: Reader, *, after: str | None, limit: int) -> list[Post]:
        """Newest activity first; limit+1 rows (an extra one: there is a next page)."""
        parts: list[dict] = [{"community_id": community_id}]
        if shown := _shown(reader):
            parts.append(shown)
        if after:
            parts.append(_after_topic(after))
        cursor = self._posts.find({"$and": parts}).sort([("last_activity_at", -1), ("_id", -1)]).limit(limit + 1)
        return [post_from_doc(d) async for d in cursor]

    async def replies(self, post_id: str, reader: Reader, *, after: str | None, limit: int) -> list[Reply]:
        """In thread order (each reply after its parent, siblings oldest first); limit+1 rows."""
        parts: list[dict] = [{"post_id": post_id}]
        if shown := _shown(reader):
            parts.append(shown)
        if after:
            parts.append({"thread_key": {"$gt": after}})
        cursor = self._replies.find({"$and": parts}).sort([("thread_key", 1)]).limit(limit + 1)
        return [reply_from_doc(d) async for d in cursor]


async def _backfill_activity(db: AsyncDatabase) -> None:
    """Topics stored before threads existed: their last activity is their publication (the
    list sorts and pages by it), no replies yet, version 1."""
    async for doc in db[POSTS].find({"last_activity_at": {"$exists": False}}, {"published_at": 1}):
        await db[POSTS].update_one({"_id": doc["_id"], "last_activity_at": {"$exists": False}}, {"$set": {
            "last_activity_at": doc["published_at"], "reply_count": 0}})
    await db[POSTS].update_many({"version": {"$exists": False}}, {"$set": {"version": 1}})


async def ensure_discussion_indexes(db: AsyncDatabase) -> None:
    await _backfill_activity(db)
    await db[POSTS].create_index([("community_id", 1), ("last_activity_at", -1), ("_id", -1)])
    await db[POSTS].create_index("author_id")
    await db[REPLIES].create_index([("post_id", 1), ("thread_key", 1)])
    await db[REPLIES].create_index("author_id")
    await db[REPLIES].create_index("parent_author_id")
