"""MongoDB adapters of moderation: reports, the moderation queue, hiding and removing content.

The content lives in the other capabilities' collections (CONTENT: kind → collection).
Moderation reads a few common fields of it (community_id, author_id, title, body,
deleted_at, moderation) and writes only its `moderation` subdocument, with the content's
`version` incremented, so a writer holding the version from before the decision gets a
412 (If-Match) or a lost optimistic race instead of writing the old state back. Reports
are moderation's own collection `reports`: one per member per item (a unique index)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.events import ContentKind, ModerationAction
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import Transaction

from communities.domain.moderation import Moderation, ModerationState
from communities.domain.reports import (
    Report,
    ReportCategory,
    ReportedContent,
    ReportStatus,
)

REPORTS = "reports"
# Where each kind of reportable content is kept (the other capabilities' collections).
CONTENT: dict[ContentKind, str] = {
    ContentKind.POST: "posts",
    ContentKind.REPLY: "replies",
    ContentKind.NEWS: "news",
    ContentKind.DOCUMENT: "documents",
}
TEXT_KEPT = 2000  # of the body, for the queue's excerpt


def _report_doc(r: Report) -> dict:
    return {"_id": r.id, "community_id": r.community_id, "content_kind": r.content_kind.value,
            "content_id": r.content_id, "content_title": r.content_title, "reporter_id": r.reporter_id,
            "category": r.category.value, "text": r.text, "created_at": r.created_at, "status": r.status.value,
            "outcome": r.outcome.value if r.outcome else None, "closed_by": r.closed_by, "closed_at": r.closed_at}


def report_from_doc(doc: dict) -> Report:
    return Report(id=doc["_id"], community_id=doc.get("community_id"), content_kind=ContentKind(doc["content_kind"]),
                  content_id=doc["content_id"], content_title=doc.get("content_title", ""),
                  reporter_id=doc["reporter_id"], category=ReportCategory(doc["category"]), text=doc.get("text", ""),
                  created_at=doc["created_at"], status=ReportStatus(doc["status"]),
                  outcome=ModerationAction(doc["outcome"]) if doc.get("outcome") else None,
                  closed_by=doc.get("closed_by"), closed_at=doc.get("closed_at"))


def content_from_doc(kind: ContentKind, doc: dict, now: datetime | None = None) -> ReportedContent:
    """The common view of a topic, reply, news item or document document."""
    now = now or datetime.now(UTC)
    available = doc.get("deleted_at") is None
    if kind is ContentKind.NEWS:
        publish_at, withdraw_at = doc.get("publish_at"), doc.get("withdraw_at")
        available = (doc.get("status") == "published" and publish_at is not None and publish_at <= now
                     and (withdraw_at is None or withdraw_at > now))
    title = doc.get("title") or doc.get("post_title") or doc.get("name") or ""
    text = doc.get("summary") or doc.get("body") or doc.get("description") or ""
    if kind is ContentKind.DOCUMENT and not text:
        versions = doc.get("versions") or []
        text = versions[-1].get("filename", "") if versions and isinstance(versions[-1], dict) else ""
    return ReportedContent(kind=kind, id=doc["_id"], community_id=doc.get("community_id"),
                           author_id=doc.get("author_id") or doc.get("uploaded_by") or "",
                           title=title, text=text[:TEXT_KEPT],
                           moderation=Moderation.from_doc(doc.get("moderation")), available=available,
                           post_id=doc.get("post_id"),
                           at=doc.get("published_at") or doc.get("publish_at") or doc.get("created_at"))


class MongoReportRepository(MongoRepository):
    collection_name = REPORTS

    async def add(self, report: Report) -> None:
        await self._insert(_report_doc(report))  # a second report by the same member: AlreadyExists (409)

    async def open_for(self, kind: ContentKind, content_id: str) -> list[Report]:
        docs = await self._find({"content_kind": kind.value, "content_id": content_id,
                                 "status": ReportStatus.OPEN.value}, sort=[("created_at", 1), ("_id", 1)])
        return [report_from_doc(d) for d in docs]

    async def reported_by(self, kind: ContentKind, content_id: str, reporter_id: str) -> bool:
        return await self._exists({"content_kind": kind.value, "content_id": content_id, "reporter_id": reporter_id})

    async def close(self, reports: Iterable[Report]) -> None:
        for r in reports:
            await self._update_one({"_id": r.id, "status": ReportStatus.OPEN.value}, {"$set": {
                "status": r.status.value, "outcome": r.outcome.value if r.outcome else None,
                "closed_by": r.closed_by, "closed_at": r.closed_at}})


class MongoModeratedContent:
    """The reportable content of every kind, inside the caller's transaction: read as
    ReportedContent, written only in its `moderation` subdocument."""

    def __init__(self, tx: Transaction) -> None:
        self._db = tx.db
        self._session = tx.session

    async def get(self, kind: ContentKind, content_id: str) -> ReportedContent | None:
        doc = await self._db[CONTENT[kind]].find_one({"_id": content_id}, session=self._session)
        return content_from_doc(kind, doc) if doc else None

    async def touch(self, kind: ContentKind, content_id: str, at: datetime) -> None:
        """Mark the content reported now (`last_reported_at`, a field of moderation's that the
        content's own reads ignore): two reports of one item at once then write the same
        document, so one transaction is re-run and counts the other's report."""
        await self._db[CONTENT[kind]].update_one({"_id": content_id}, {"$set": {"last_reported_at": at}},
                                                 session=self._session)

    async def set_moderation(self, kind: ContentKind, content_id: str, moderation: Moderation) -> None:
        await self._db[CONTENT[kind]].update_one(
            {"_id": content_id}, {"$set": {"moderation": moderation.to_doc()}, "$inc": {"version": 1}},
            session=self._session)


class ModerationRepositories:
    """Mixed into CommunitiesContext: the moderation repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    reports: MongoReportRepository
    moderated: MongoModeratedContent


# -- the read side: the managers' queue -----------------------------------------------------
@dataclass(frozen=True)
class QueueEntry:
    """One piece of content in the queue, with its reports (newest first)."""

    content: ReportedContent
    reports: list[Report]
    last_reported_at: datetime | None


OPEN_REPORTS_SCANNED = 5000
HIDDEN_STATES = [ModerationState.HIDDEN.value, ModerationState.REMOVED.value]


class ModerationQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db
        self._reports = db[REPORTS]

    async def open_queue(self, community_id: str | None, *, before: tuple[datetime, str] | None,
                         limit: int) -> list[QueueEntry]:
        """Content with open reports (hidden pending review or not), the most recently
        reported first; limit+1 entries (an extra one: there is a next page). Grouped here
        rather than in an aggregation, portable to every MongoDB-protocol server we run;
        open reports are few (a decision closes them)."""
        cursor = self._reports.find({"community_id": community_id, "status": ReportStatus.OPEN.value}).sort(
            [("created_at", -1), ("_id", -1)]).limit(OPEN_REPORTS_SCANNED)
        groups: dict[tuple[ContentKind, str], list[Report]] = {}
        async for d in cursor:
            r = report_from_doc(d)
            groups.setdefault((r.content_kind, r.content_id), []).append(r)
        ordered = sorted(groups.items(), key=lambda g: (g[1][0].created_at, g[0][1]), reverse=True)
        if before is not None:
            ordered = [g for g in ordered if (g[1][0].created_at, g[0][1]) < before]
        ordered = ordered[:limit + 1]
        contents = await self._contents(key for key, _ in ordered)
        return [QueueEntry(content=contents.get(key) or _gone(key[0], key[1], community_id, reports),
                           reports=reports, last_reported_at=reports[0].created_at) for key, reports in ordered]

    async def decided(self, community_id: str | None, *, limit: int) -> list[QueueEntry]:
        """Content a manager hid or removed, the latest decision first (to restore it later)."""
        found: list[ReportedContent] = []
        kinds = [ContentKind.NEWS] if community_id is None else list(CONTENT)
        for kind in kinds:
            cursor = self._db[CONTENT[kind]].find(
                {"community_id": community_id, "moderation.state": {"$in": HIDDEN_STATES}}
            ).sort("moderation.at", -1).limit(limit)
            found += [content_from_doc(kind, d) async for d in cursor]
        found.sort(key=lambda c: c.moderation.at or datetime.min.replace(tzinfo=UTC), reverse=True)
        found = found[:limit]
        reports = await self._closed_reports(found)
        return [QueueEntry(content=c, reports=reports.get((c.kind, c.id), []), last_reported_at=None) for c in found]

    async def entry(self, kind: ContentKind, content_id: str) -> QueueEntry | None:
        """One item with every report it ever had (open ones first, then newest first)."""
        contents = await self._contents([(kind, content_id)])
        content = contents.get((kind, content_id))
        if content is None:
            return None
        cursor = self._reports.find({"content_kind": kind.value, "content_id": content_id}).sort(
            [("status", -1), ("created_at", -1)])
        reports = [report_from_doc(d) async for d in cursor]
        last = max((r.created_at for r in reports if r.status is ReportStatus.OPEN), default=None)
        return QueueEntry(content=content, reports=reports, last_reported_at=last)

    async def content(self, kind: ContentKind, content_id: str) -> ReportedContent | None:
        return (await self._contents([(kind, content_id)])).get((kind, content_id))

    async def _contents(self, refs: Iterable[tuple[ContentKind, str]]) -> dict[tuple[ContentKind, str],
                                                                            ReportedContent]:
        by_kind: dict[ContentKind, list[str]] = {}
        for kind, content_id in refs:
            by_kind.setdefault(kind, []).append(content_id)
        now = datetime.now(UTC)
        found: dict[tuple[ContentKind, str], ReportedContent] = {}
        for kind, ids in by_kind.items():
            async for doc in self._db[CONTENT[kind]].find({"_id": {"$in": ids}}):
                found[(kind, doc["_id"])] = content_from_doc(kind, doc, now)
        return found

    async def _closed_reports(self, contents: list[ReportedContent]) -> dict[tuple[ContentKind, str], list[Report]]:
        if not contents:
            return {}
        cursor = self._reports.find({"$or": [{"content_kind": c.kind.value, "content_id": c.id} for c in contents]}
                                    ).sort("created_at", -1)
        out: dict[tuple[ContentKind, str], list[Report]] = {}
        async for d in cursor:
            r = report_from_doc(d)
            out.setdefault((r.content_kind, r.content_id), []).append(r)
        return out


def _gone(kind: ContentKind, content_id: str, community_id: str | None, reports: list[Report]) -> ReportedContent:
    """Reported content its author has deleted for good: the reports remain, to be dismissed."""
    return ReportedContent(kind=kind, id=content_id, community_id=community_id, author_id="",
                           title=reports[0].content_title if reports else "", available=False)


async def ensure_moderation_indexes(db: AsyncDatabase) -> None:
    # One report per member per item, whatever became of the first.
    await db[REPORTS].create_index([("content_kind", 1), ("content_id", 1), ("reporter_id", 1)], unique=True)
    # The queue: a community's open reports, newest first.
    await db[REPORTS].create_index([("community_id", 1), ("status", 1), ("created_at", -1)])
    for collection in CONTENT.values():
        # Hidden and removed content of a community, the latest decision first.
        await db[collection].create_index([("community_id", 1), ("moderation.state", 1), ("moderation.at", -1)],
                                          name="moderation_decided")
