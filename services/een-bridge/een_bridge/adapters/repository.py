"""MongoDB repositories of the bridge's own collections: `offers` (keyed by POD reference),
`exports` (keyed by proposal id) and `forwards` (keyed by interest id). They work inside
the caller's transaction; BridgeQueries reads outside transactions for the HTTP API."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pymongo.asynchronous.database import AsyncDatabase

from contracts.events import ProposalKind
from een_bridge.domain.mapping import KeywordMapping, KeywordMatch, Vocabulary
from een_bridge.domain.model import (
    EenOffer, ExportSnapshot, ExportState, Forward, ForwardState, PodProfile, PodStatus, PodType, ProposalExport,
)
from servicekit.concurrency import replace_versioned
from servicekit.unit_of_work import Transaction

OFFERS = "offers"
EXPORTS = "exports"
FORWARDS = "forwards"
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
        status=PodStatus(doc["status"]),
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
            "snapshot": snapshot, "updated_at": export.updated_at}


def export_from_doc(doc: dict) -> ProposalExport:
    raw = doc.get("snapshot")
    snapshot = None if raw is None else ExportSnapshot(
        kind=ProposalKind(raw["kind"]), title=raw["title"], summary=raw["summary"],
        descriptors=tuple(raw["descriptors"]), deadline=_from_day(raw.get("deadline")))
    return ProposalExport(proposal_id=doc["_id"], version=doc["version"], state=ExportState(doc["state"]),
                          snapshot=snapshot, updated_at=doc["updated_at"])


def forward_to_doc(forward: Forward) -> dict:
    doc = asdict(forward)
    doc["_id"] = doc.pop("interest_id")
    doc["state"] = forward.state.value
    return doc


def forward_from_doc(doc: dict) -> Forward:
    return Forward(interest_id=doc["_id"], proposal_id=doc["proposal_id"], een_reference=doc["een_reference"],
                   sender_id=doc["sender_id"], message=doc["message"], received_at=doc["received_at"],
                   state=ForwardState(doc["state"]))


class _Repository:
    collection: str

    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[self.collection]
        self._session = tx.session

    async def _find(self, key: str) -> dict | None:
        return await self._collection.find_one({"_id": key}, session=self._session)

    async def _insert(self, doc: dict) -> None:
        await self._collection.insert_one(doc, session=self._session)

    async def _replace(self, doc: dict, previous_version: int) -> None:
        """Optimistic: the stored version must be the one we read."""
        await replace_versioned(self._collection, doc, session=self._session, previous_version=previous_version)


class OfferRepository(_Repository):
    collection = OFFERS

    async def get(self, reference: str) -> EenOffer | None:
        doc = await self._find(reference)
        return offer_from_doc(doc) if doc else None

    async def add(self, offer: EenOffer) -> None:
        await self._insert(offer_to_doc(offer))

    async def save(self, offer: EenOffer) -> None:
        await self._replace(offer_to_doc(offer), offer.version - 1)


class ExportRepository(_Repository):
    collection = EXPORTS

    async def get(self, proposal_id: str) -> ProposalExport | None:
        doc = await self._find(proposal_id)
        return export_from_doc(doc) if doc else None

    async def put(self, export: ProposalExport, previous: ProposalExport | None) -> None:
        if previous is None:
            await self._insert(export_to_doc(export))
        else:
            await self._replace(export_to_doc(export), previous.version)


class ForwardRepository(_Repository):
    collection = FORWARDS

    async def exists(self, interest_id: str) -> bool:
        return await self._find(interest_id) is not None

    async def add(self, forward: Forward) -> None:
        await self._insert(forward_to_doc(forward))

    async def erase_sender(self, sender_id: str) -> None:
        """GDPR: nothing of the sender stays, and what had not gone out yet never will."""
        await self._collection.update_many(
            {"sender_id": sender_id, "state": ForwardState.PENDING.value},
            {"$set": {"state": ForwardState.CANCELLED.value}}, session=self._session)
        await self._collection.update_many(
            {"sender_id": sender_id},
            {"$set": {"sender_id": ERASED_SENDER, "message": "[removed at the user's request]"}},
            session=self._session)


class BridgeQueries:
    """Read side for the HTTP API (outside transactions)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db

    async def offer(self, reference: str) -> EenOffer | None:
        doc = await self._db[OFFERS].find_one({"_id": reference})
        return offer_from_doc(doc) if doc else None

    async def export(self, proposal_id: str) -> ProposalExport | None:
        doc = await self._db[EXPORTS].find_one({"_id": proposal_id})
        return export_from_doc(doc) if doc else None

    async def forward(self, interest_id: str) -> Forward | None:
        doc = await self._db[FORWARDS].find_one({"_id": interest_id})
        return forward_from_doc(doc) if doc else None

    async def offers_by_status(self) -> dict[str, int]:
        return await self._count(OFFERS, "status", [s.value for s in PodStatus])

    async def exports_by_state(self) -> dict[str, int]:
        return await self._count(EXPORTS, "state", [ExportState.PENDING_EXPORT.value,
                                                    ExportState.WITHDRAW_PENDING.value])

    async def forwards_by_state(self) -> dict[str, int]:
        return await self._count(FORWARDS, "state", [ForwardState.PENDING.value])

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
