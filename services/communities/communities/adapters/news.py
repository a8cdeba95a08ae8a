"""MongoDB adapters of news: articles in a community or platform-wide, scheduled publishing,
validation; cover images in GridFS (bucket `news_covers`).

Readers' lists decide at query time what is live (`publish_at <= now < withdraw_at`), so an
article appears and disappears on time whether or not the scheduler has run; the scheduler
only announces (`service_layer/news.py: run_due`)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.http.errors import Problem
from servicekit.repository import MongoRepository

from communities.domain.access import Actor, Scope
from communities.domain.model import ERASED_USER, Community
from communities.domain.moderation import VISIBLE_ONLY, Moderation, ModerationState
from communities.domain.news import Cover, News, NewsCategory, NewsPhase, NewsStatus

NEWS = "news"
COVERS_BUCKET = "news_covers"
COMMUNITIES, MEMBERSHIPS = "communities", "memberships"  # adapters/repository.py's (it imports this module)


def news_doc(news: News) -> dict:
    return {
        "_id": news.id, "community_id": news.community_id, "author_id": news.author_id, "title": news.title,
        "summary": news.summary, "body": news.body, "category": news.category.value,
        "publish_at": news.publish_at, "withdraw_at": news.withdraw_at, "highlighted": news.highlighted,
        "descriptors": list(news.descriptors), "status": news.status.value, "version": news.version,
        "cover": None if news.cover is None else {
            "file_id": news.cover.file_id, "content_type": news.cover.content_type, "size": news.cover.size,
            "uploaded_at": news.cover.uploaded_at},
        "submitted_at": news.submitted_at, "review_reason": news.review_reason, "reviewed_by": news.reviewed_by,
        "reviewed_at": news.reviewed_at, "announced_at": news.announced_at, "withdrawn_at": news.withdrawn_at,
        "withdrawn_by": news.withdrawn_by, "withdrawal_announced": news.withdrawal_announced,
        "moderation": news.moderation.to_doc(), "created_at": news.created_at, "updated_at": news.updated_at,
    }


def news_from_doc(doc: dict) -> News:
    cover = doc.get("cover")
    return News(
        id=doc["_id"], community_id=doc.get("community_id"), author_id=doc["author_id"], title=doc["title"],
        summary=doc.get("summary", ""), body=doc["body"], category=NewsCategory(doc["category"]),
        publish_at=doc["publish_at"], withdraw_at=doc.get("withdraw_at"), highlighted=doc.get("highlighted", False),
        descriptors=tuple(doc.get("descriptors", ())), status=NewsStatus(doc["status"]), version=doc["version"],
        cover=Cover(file_id=cover["file_id"], content_type=cover["content_type"], size=cover["size"],
                    uploaded_at=cover["uploaded_at"]) if cover else None,
        submitted_at=doc.get("submitted_at"), review_reason=doc.get("review_reason"),
        reviewed_by=doc.get("reviewed_by"), reviewed_at=doc.get("reviewed_at"), announced_at=doc.get("announced_at"),
        withdrawn_at=doc.get("withdrawn_at"), withdrawn_by=doc.get("withdrawn_by"),
        withdrawal_announced=doc.get("withdrawal_announced", False),
        moderation=Moderation.from_doc(doc.get("moderation")), created_at=doc["created_at"],
        updated_at=doc["updated_at"])


def _live(now: datetime) -> dict:
    return {"status": NewsStatus.PUBLISHED.value, "publish_at": {"$lte": now},
            "$or": [{"withdraw_at": None}, {"withdraw_at": {"$gt": now}}]}


class MongoNewsRepository(MongoRepository):
    collection_name = NEWS

    async def add(self, news: News) -> None:
        await self._insert(news_doc(news))

    async def get(self, news_id: str) -> News | None:
        return await self._find_as({"_id": news_id}, news_from_doc)

    async def save(self, news: News) -> None:
        await self._replace_versioned(news_doc(news))

    async def delete(self, news_id: str) -> None:
        await self._delete_many({"_id": news_id})

    async def due_announcements(self, now: datetime, limit: int) -> list[str]:
        query = {**_live(now), "announced_at": None, **VISIBLE_ONLY}
        return [d["_id"] for d in await self._find(query, {"_id": 1}, sort=[("publish_at", 1)], limit=limit)]

    async def due_withdrawals(self, now: datetime, limit: int) -> list[str]:
        query = {"status": NewsStatus.PUBLISHED.value, "withdraw_at": {"$ne": None, "$lte": now}}
        return [d["_id"] for d in await self._find(query, {"_id": 1}, sort=[("withdraw_at", 1)], limit=limit)]

    async def anonymise_author(self, author_id: str) -> int:
        return await self._update_many({"author_id": author_id}, {"$set": {"author_id": ERASED_USER}})


class NewsRepositories:
    """Mixed into CommunitiesContext: the news repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    news: MongoNewsRepository


# -- the read side ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewsFilter:
    category: NewsCategory | None = None
    highlighted: bool | None = None
    phase: NewsPhase | None = None  # None: what is live now
    author_id: str | None = None  # only this writer's (an author looking at their own drafts)
    with_hidden: bool = False  # managers: hidden articles too, marked
    viewer_id: str | None = None  # their own hidden articles too, marked


def _sort_key(news: News) -> str:
    """The cursor: highlighted first, then newest publication first, then newest id."""
    return f"{int(news.highlighted)}|{int(news.publish_at.timestamp() * 1000)}|{news.id}"


def _after(cursor: str) -> dict:
    try:
        flag, millis, news_id = cursor.split("|", 2)
        highlighted, at = flag == "1", datetime.fromtimestamp(int(millis) / 1000, UTC)
    except ValueError:
        raise Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor") from None
    later = [{"highlighted": highlighted, "publish_at": at, "_id": {"$lt": news_id}},
             {"highlighted": highlighted, "publish_at": {"$lt": at}}]
    if highlighted:
        later.append({"highlighted": {"$ne": True}})
    return {"$or": later}


def _phase_query(phase: NewsPhase, now: datetime) -> dict:
    published = NewsStatus.PUBLISHED.value
    return {
        NewsPhase.DRAFT: {"status": NewsStatus.DRAFT.value},
        NewsPhase.TO_VALIDATE: {"status": NewsStatus.TO_VALIDATE.value},
        NewsPhase.SCHEDULED: {"status": published, "publish_at": {"$gt": now}},
        NewsPhase.LIVE: _live(now),
        NewsPhase.WITHDRAWN: {"$or": [{"status": NewsStatus.WITHDRAWN.value},
                                      {"status": published, "withdraw_at": {"$ne": None, "$lte": now}}]},
    }[phase]


class NewsQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db
        self._news = db[NEWS]

    async def article(self, news_id: str) -> News | None:
        doc = await self._news.find_one({"_id": news_id})
        return news_from_doc(doc) if doc else None

    async def articles(self, community_ids: list[str | None], f: NewsFilter, *, now: datetime, after: str | None,
                       limit: int) -> list[News]:
        """Newest first, highlighted first; limit+1 rows (an extra one: there is a next page)."""
        parts: list[dict] = [{"community_id": {"$in": community_ids}},
                             _phase_query(f.phase or NewsPhase.LIVE, now)]
        if f.category is not None:
            parts.append({"category": f.category.value})
        if f.highlighted is not None:
            parts.append({"highlighted": True} if f.highlighted else {"highlighted": {"$ne": True}})
        if f.author_id is not None:
            parts.append({"author_id": f.author_id})
        if not f.with_hidden:
            shown: dict = {"moderation.state": {"$in": [*VISIBLE_ONLY["moderation.state"]["$in"],
                                                        ModerationState.REMOVED.value]}}
            parts.append({"$or": [shown, {"author_id": f.viewer_id}]} if f.viewer_id else shown)
        if after:
            parts.append(_after(after))
        cursor = self._news.find({"$and": parts}).sort(
            [("highlighted", -1), ("publish_at", -1), ("_id", -1)]).limit(limit + 1)
        return [news_from_doc(d) async for d in cursor]

    async def readable_communities(self, actor: Actor) -> list[Community]:
        """The communities the actor is an active member of and may read (for the home feed)."""
        from communities.adapters.repository import (
            community_from_doc,
            membership_from_doc,
        )

        ids = [m["community_id"] async for m in self._db[MEMBERSHIPS].find(
            {"user_id": actor.user_id, "status": "active"}, {"community_id": 1})]
        if not ids:
            return []
        communities = [community_from_doc(d) async for d in self._db[COMMUNITIES].find({"_id": {"$in": ids}})]
        memberships = {m["community_id"]: m async for m in self._db[MEMBERSHIPS].find(
            {"user_id": actor.user_id, "community_id": {"$in": ids}})}
        readable = []
        for c in communities:
            scope = Scope(actor=actor, community=c, membership=membership_from_doc(memberships[c.id]))
            if scope.can_read():
                readable.append(c)
        return readable

    async def community_names(self, ids: list[str]) -> dict[str, str]:
        return {d["_id"]: d["name"] async for d in self._db[COMMUNITIES].find({"_id": {"$in": ids}}, {"name": 1})}


def cursor_of(news: News) -> str:
    return _sort_key(news)


# -- cover images (GridFS) ------------------------------------------------------------------------
class NewsCoverStore:
    """Cover images in GridFS. Written outside the article's transaction: the route stores
    the file, the handler points the article at it, and whichever file lost (the old cover
    after a change, the new one if the change failed) is deleted afterwards."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._bucket = AsyncGridFSBucket(db, bucket_name=COVERS_BUCKET)

    async def put(self, file_id: str, news_id: str, content: bytes, content_type: str) -> None:
        await self._bucket.upload_from_stream_with_id(
            file_id, f"{news_id}-cover", content, metadata={"news_id": news_id, "content_type": content_type})

    async def open(self, file_id: str) -> tuple[int, AsyncIterator[bytes]] | None:
        try:
            grid_out = await self._bucket.open_download_stream(file_id)
        except NoFile:
            return None

        async def chunks() -> AsyncIterator[bytes]:
            try:
                while chunk := await grid_out.readchunk():
                    yield chunk
            finally:
                await grid_out.close()

        return grid_out.length, chunks()

    async def delete(self, file_id: str) -> None:
        try:
            await self._bucket.delete(file_id)
        except NoFile:
            pass


async def ensure_news_indexes(db: AsyncDatabase) -> None:
    await db[NEWS].create_index([("community_id", 1), ("highlighted", -1), ("publish_at", -1), ("_id", -1)])
    await db[NEWS].create_index([("status", 1), ("announced_at", 1), ("publish_at", 1)], name="due_announcements")
    await db[NEWS].create_index([("status", 1), ("withdraw_at", 1)], name="due_withdrawals")
    await db[NEWS].create_index("author_id")
    await db[f"{COVERS_BUCKET}.files"].create_index([("filename", 1), ("uploadDate", 1)])
    await db[f"{COVERS_BUCKET}.chunks"].create_index([("files_id", 1), ("n", 1)], unique=True)
