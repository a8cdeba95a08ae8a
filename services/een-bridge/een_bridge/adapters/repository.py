"""MongoDB adapters of the een-bridge ports (`service_layer/ports.py`), one repository per
collection: `offers` (keyed by POD reference), `exports` (keyed by proposal id), `forwards`
(keyed by interest id), `quarantine` (keyed by the POD reference as written), `sync_runs`
and `sync_state` (checkpoints, by name). They work inside the caller's transaction, and
EenBridgeContext hands them out; BridgeQueries reads outside transactions for the HTTP API."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import TypeVar

from pymongo.asynchronous.database import AsyncDatabase

from contracts.events import ProposalKind
from een_bridge.domain.mapping import KeywordMapping, KeywordMatch, Vocabulary
from een_bridge.domain.model import (
    EenOffer, ExportSnapshot, ExportState, Forward, ForwardState, Organisation, PodProfile, PodStatus, PodType,
    ProposalExport, Quarantined,
)
from een_bridge.domain.sync import RunStatus, SyncCheckpoint, SyncCounts, SyncCursor, SyncMode, SyncRun
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import HandlerContext

T = TypeVar("T")

OFFERS = "offers"
EXPORTS = "exports"
FORWARDS = "forwards"
QUARANTINE = "quarantine"
SYNC_RUNS = "sync_runs"
SYNC_STATE = "sync_state"
ERASED_SENDER = "erased-user"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None  # BSON has no date-only type


def _from_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def offer_to_doc(offer: EenOffer) -> dict:
    p = offer.profile
    return {
        "_id": p.reference, "type": p.type.value, "kind": p.kind.value, "title": p.title, "summary": p.summary,
        "technology_keywords": list(p.technology_keywords), "market_keywords": list(p.market_keywords),
        "nace_codes": list(p.nace_codes), "country": p.country, "deadline": _day(p.deadline),
        "status": p.status.value, "content_hash": offer.content_hash,
        "description": p.description, "advantages": p.advantages, "stage_of_development": p.stage_of_development,
        "ipr_status": p.ipr_status, "partnership_types": list(p.partnership_types),
        "partner_sought": asdict(p.partner_sought), "partner_role": p.partner_role, "client": asdict(p.client),
        "published_at": _day(p.published_at), "last_update": p.last_update,
        "mapping": {"version": offer.mapping.version,
                    "matches": [{"vocabulary": m.vocabulary.value, "keyword": m.keyword, "codes": list(m.codes)}
                                for m in offer.mapping.matches]},
        "first_seen_at": offer.first_seen_at, "synced_at": offer.synced_at, "version": offer.version,
    }


def offer_from_doc(doc: dict) -> EenOffer:
    profile = PodProfile(
        reference=doc["_id"], type=PodType(doc["type"]), title=doc["title"], summary=doc["summary"],
        technology_keywords=tuple(doc["technology_keywords"]), market_keywords=tuple(doc["market_keywords"]),
        nace_codes=tuple(doc["nace_codes"]), country=doc["country"], deadline=_from_day(doc.get("deadline")),
        status=PodStatus(doc["status"]), description=doc.get("description", ""),
        advantages=doc.get("advantages", ""), stage_of_development=doc.get("stage_of_development", ""),
        ipr_status=doc.get("ipr_status", ""), partnership_types=tuple(doc.get("partnership_types", ())),
        partner_sought=Organisation(**doc.get("partner_sought", {})), partner_role=doc.get("partner_role", ""),
        client=Organisation(**doc.get("client", {})), published_at=_from_day(doc.get("published_at")),
        last_update=doc.get("last_update"),
    )
    mapping = KeywordMapping(version=doc["mapping"]["version"], matches=tuple(
        KeywordMatch(Vocabulary(m["vocabulary"]), m["keyword"], tuple(m["codes"])) for m in doc["mapping"]["matches"]))
    return EenOffer(profile=profile, content_hash=doc["content_hash"], mapping=mapping,
                    first_seen_at=doc["first_seen_at"], synced_at=doc["synced_at"], version=doc["version"])


def export_to_doc(export: ProposalExport) -> dict:
    snapshot = None
    if export.snapshot is not None:
        snapshot = asdict(export.snapshot)
        snapshot.update(kind=export.snapshot.kind.value, descriptors=list(export.snapshot.descriptors),
                        deadline=_day(export.snapshot.deadline))
    return {"_id": export.proposal_id, "version": export.version, "state": export.state.value,
            "snapshot": snapshot, "updated_at": export.updated_at, "pod_reference": export.pod_reference,
            "attempts": export.attempts, "last_error": export.last_error}


def export_from_doc(doc: dict) -> ProposalExport:
    raw = doc.get("snapshot")
    snapshot = None if raw is None else ExportSnapshot(
        kind=ProposalKind(raw["kind"]), title=raw["title"], summary=raw["summary"],
        descriptors=tuple(raw["descriptors"]), deadline=_from_day(raw.get("deadline")),
        description=raw.get("description", ""))
    return ProposalExport(proposal_id=doc["_id"], version=doc["version"], state=ExportState(doc["state"]),
                          snapshot=snapshot, updated_at=doc["updated_at"], pod_reference=doc.get("pod_reference"),
                          attempts=doc.get("attempts", 0), last_error=doc.get("last_error"))


def forward_to_doc(forward: Forward) -> dict:
    doc = asdict(forward)
    doc["_id"] = doc.pop("interest_id")
    doc["state"] = forward.state.value
    return doc


def forward_from_doc(doc: dict) -> Forward:
    return Forward(interest_id=doc["_id"], proposal_id=doc["proposal_id"], een_reference=doc["een_reference"],
                   sender_id=doc["sender_id"], message=doc["message"], received_at=doc["received_at"],
                   state=ForwardState(doc["state"]), pod_interest_id=doc.get("pod_interest_id"),
                   attempts=doc.get("attempts", 0), last_error=doc.get("last_error"))


class MongoOfferRepository(MongoRepository):
    collection_name = OFFERS

    async def get_many(self, references: list[str]) -> dict[str, EenOffer]:
        return {doc["_id"]: offer_from_doc(doc) for doc in await self._find({"_id": {"$in": references}})}

    async def add_many(self, offers: list[EenOffer]) -> None:
        await self._insert_many([offer_to_doc(o) for o in offers])

    async def save(self, offer: EenOffer) -> None:
        await self._replace_versioned(offer_to_doc(offer))


class MongoExportRepository(MongoRepository):
    collection_name = EXPORTS

    async def get(self, proposal_id: str) -> ProposalExport | None:
        return await self._find_as({"_id": proposal_id}, export_from_doc)

    async def put(self, export: ProposalExport, previous: ProposalExport | None) -> None:
        if previous is None:
            await self._insert(export_to_doc(export))
        else:
            await self._replace_versioned(export_to_doc(export), previous_version=previous.version)

    async def save_outcome(self, export: ProposalExport) -> None:
        # The proposal's version is unchanged: replace as read.
        await self._replace_versioned(export_to_doc(export), previous_version=export.version)

    async def due(self, limit: int) -> list[ProposalExport]:
        waiting = [ExportState.PENDING_EXPORT.value, ExportState.WITHDRAW_PENDING.value]
        docs = await self._find({"state": {"$in": waiting}}, sort=[("updated_at", 1)], limit=limit)
        return [export_from_doc(doc) for doc in docs]

    async def by_pod_reference(self, reference: str) -> ProposalExport | None:
        return await self._find_as({"pod_reference": reference}, export_from_doc)

    async def ours_among(self, references: list[str]) -> set[str]:
        docs = await self._find({"pod_reference": {"$in": references}}, {"pod_reference": 1})
        return {doc["pod_reference"] for doc in docs}


class MongoForwardRepository(MongoRepository):
    collection_name = FORWARDS

    async def exists(self, interest_id: str) -> bool:
        return await self._exists({"_id": interest_id})

    async def get(self, interest_id: str) -> Forward | None:
        return await self._find_as({"_id": interest_id}, forward_from_doc)

    async def add(self, forward: Forward) -> None:
        await self._insert(forward_to_doc(forward))

    async def due(self, limit: int) -> list[Forward]:
        docs = await self._find({"state": ForwardState.PENDING.value}, sort=[("received_at", 1)], limit=limit)
        return [forward_from_doc(doc) for doc in docs]

    async def save(self, forward: Forward) -> None:
        await self._replace({"_id": forward.interest_id}, forward_to_doc(forward))

    async def erase_sender(self, sender_id: str) -> None:
        await self._update_many({"sender_id": sender_id, "state": ForwardState.PENDING.value},
                                {"$set": {"state": ForwardState.CANCELLED.value}})
        await self._update_many({"sender_id": sender_id},
                                {"$set": {"sender_id": ERASED_SENDER, "message": "[removed at the user's request]"}})


def _cursor_to_doc(cursor: SyncCursor | None) -> dict | None:
    return None if cursor is None else {"last_update": cursor.last_update, "reference": cursor.reference}


def _cursor_from_doc(doc: dict | None) -> SyncCursor | None:
    return None if doc is None else SyncCursor(doc["last_update"], doc["reference"])


def checkpoint_from_doc(doc: dict | None) -> SyncCheckpoint:
    if doc is None:
        return SyncCheckpoint()
    return SyncCheckpoint(cursor=_cursor_from_doc(doc.get("cursor")), last_run_id=doc.get("last_run_id"))


def run_to_doc(run: SyncRun) -> dict:
    return {"_id": run.id, "mode": run.mode.value, "status": run.status.value, "started_at": run.started_at,
            "finished_at": run.finished_at, "cursor": _cursor_to_doc(run.cursor), "page": run.page,
            "counts": asdict(run.counts), "errors": list(run.errors), "pod_total": run.pod_total,
            "resumed": run.resumed, "exhausted": run.exhausted, "skipped_pages": list(run.skipped_pages)}


def run_from_doc(doc: dict) -> SyncRun:
    return SyncRun(id=doc["_id"], mode=SyncMode(doc["mode"]), status=RunStatus(doc["status"]),
                   started_at=doc["started_at"], finished_at=doc.get("finished_at"),
                   cursor=_cursor_from_doc(doc.get("cursor")), page=doc["page"], counts=SyncCounts(**doc["counts"]),
                   errors=tuple(doc["errors"]), pod_total=doc.get("pod_total"), resumed=doc.get("resumed", 0),
                   exhausted=doc.get("exhausted", False), skipped_pages=tuple(doc.get("skipped_pages", ())))


class MongoSyncRunRepository(MongoRepository):
    collection_name = SYNC_RUNS

    async def unfinished(self) -> SyncRun | None:
        doc = await self._find_one({"status": RunStatus.RUNNING.value}, sort=[("started_at", 1)])
        return run_from_doc(doc) if doc else None

    async def save(self, run: SyncRun) -> None:
        await self._replace({"_id": run.id}, run_to_doc(run), upsert=True)


class MongoCheckpointRepository(MongoRepository):
    collection_name = SYNC_STATE

    async def get(self, name: str) -> SyncCheckpoint:
        return checkpoint_from_doc(await self._find_one({"_id": name}))

    async def save(self, name: str, checkpoint: SyncCheckpoint) -> None:
        await self._replace({"_id": name},
                            {"cursor": _cursor_to_doc(checkpoint.cursor), "last_run_id": checkpoint.last_run_id},
                            upsert=True)


class MongoQuarantineRepository(MongoRepository):
    collection_name = QUARANTINE

    async def hold(self, entries: list[Quarantined]) -> None:
        for entry in entries:
            await self._update_one(
                {"_id": entry.key},
                {"$set": {"reason": entry.reason, "excerpt": entry.excerpt, "run_id": entry.run_id,
                          "last_seen_at": entry.seen_at, "resolved_at": None},
                 "$setOnInsert": {"first_seen_at": entry.seen_at}, "$inc": {"times_seen": 1}},
                upsert=True)

    async def resolve(self, keys: list[str], at: datetime) -> None:
        await self._update_many({"_id": {"$in": keys}, "resolved_at": None}, {"$set": {"resolved_at": at}})


class EenBridgeContext(HandlerContext):
    """The een-bridge handlers' Context port over one MongoDB transaction."""

    offers: MongoOfferRepository
    exports: MongoExportRepository
    forwards: MongoForwardRepository
    runs: MongoSyncRunRepository
    checkpoints: MongoCheckpointRepository
    quarantine: MongoQuarantineRepository


class BridgeQueries:
    """Read side for the HTTP API (outside transactions)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db

    async def _by_id(self, collection: str, document_id: str, parse: Callable[[dict], T]) -> T | None:
        doc = await self._db[collection].find_one({"_id": document_id})
        return parse(doc) if doc else None

    async def offer(self, reference: str) -> EenOffer | None:
        return await self._by_id(OFFERS, reference, offer_from_doc)

    async def export(self, proposal_id: str) -> ProposalExport | None:
        return await self._by_id(EXPORTS, proposal_id, export_from_doc)

    async def forward(self, interest_id: str) -> Forward | None:
        return await self._by_id(FORWARDS, interest_id, forward_from_doc)

    async def run(self, run_id: str) -> SyncRun | None:
        return await self._by_id(SYNC_RUNS, run_id, run_from_doc)

    async def recent_runs(self, limit: int) -> list[SyncRun]:
        docs = self._db[SYNC_RUNS].find().sort("started_at", -1).limit(limit)
        return [run_from_doc(doc) async for doc in docs]

    async def checkpoint(self, name: str) -> SyncCheckpoint:
        return checkpoint_from_doc(await self._db[SYNC_STATE].find_one({"_id": name}))

    async def quarantined(self, *, include_resolved: bool, after: str | None, limit: int) -> list[dict]:
        query: dict = {} if include_resolved else {"resolved_at": None}
        if after is not None:
            query["_id"] = {"$gt": after}
        return await self._db[QUARANTINE].find(query).sort("_id", 1).limit(limit).to_list()

    async def quarantine_open(self) -> int:
        return await self._db[QUARANTINE].count_documents({"resolved_at": None})

    async def offers_by_status(self) -> dict[str, int]:
        return await self._count(OFFERS, "status", [s.value for s in PodStatus])

    async def exports_by_state(self) -> dict[str, int]:
        return await self._count(EXPORTS, "state", [s.value for s in ExportState if s is not ExportState.NOT_SHARED])

    async def forwards_by_state(self) -> dict[str, int]:
        return await self._count(FORWARDS, "state", [s.value for s in ForwardState])

    async def _count(self, collection: str, field: str, values: list[str]) -> dict[str, int]:
        counts = dict.fromkeys(values, 0)
        pipeline = [{"$match": {field: {"$in": values}}}, {"$group": {"_id": f"${field}", "n": {"$sum": 1}}}]
        async for row in await self._db[collection].aggregate(pipeline):
            counts[row["_id"]] = row["n"]
        return counts


async def ensure_indexes(db: AsyncDatabase) -> None:
    # The /status counts group on these.
    await db[OFFERS].create_index("status")
    await db[EXPORTS].create_index("state")
    await db[FORWARDS].create_index([("state", 1), ("received_at", 1)])
    await db[FORWARDS].create_index("sender_id")
    await db[EXPORTS].create_index([("state", 1), ("updated_at", 1)])
    await db[EXPORTS].create_index("pod_reference")  # echo suppression and incoming interests look it up
    await db[SYNC_RUNS].create_index([("status", 1), ("started_at", 1)])
    await db[SYNC_RUNS].create_index("started_at")
    await db[QUARANTINE].create_index("resolved_at")
