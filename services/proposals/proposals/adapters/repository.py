"""MongoDB adapters of the proposals ports (`service_layer/ports.py`): repositories for
proposals and interests that work inside the caller's transaction and map documents to
domain objects and back, and the handler context that hands them out. ProposalQueries is
the read side for the HTTP API, outside transactions."""
from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime

from pymongo.asynchronous.database import AsyncDatabase

from contracts.events import ExportStatus, ProposalKind, ProposalSource
from contracts.taxonomy import load_taxonomy
from proposals.domain.model import Interest, InterestStatus, Proposal, ProposalStatus
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import HandlerContext

PROPOSALS = "proposals"
INTERESTS = "interests"


def _to_doc(obj: Proposal | Interest) -> dict:
    doc = asdict(obj)
    doc["_id"] = doc.pop("id")
    for key, value in list(doc.items()):
        if isinstance(value, date) and not isinstance(value, datetime):
            doc[key] = value.isoformat()  # BSON has no date-only type
        elif isinstance(value, tuple):
            doc[key] = [list(v) if isinstance(v, tuple) else v for v in value]
    return doc


def proposal_from_doc(doc: dict) -> Proposal:
    return Proposal(
        id=doc["_id"], owner_id=doc.get("owner_id"), kind=ProposalKind(doc["kind"]), title=doc["title"],
        summary=doc["summary"], description=doc.get("description", ""), descriptors=tuple(doc["descriptors"]),
        published_at=doc["published_at"], updated_at=doc["updated_at"],
        deadline=date.fromisoformat(doc["deadline"]) if doc.get("deadline") else None,
        source=ProposalSource(doc.get("source", "local")), een_reference=doc.get("een_reference"),
        een_content_hash=doc.get("een_content_hash"), share_with_een=doc.get("share_with_een", False),
        een_export_status=ExportStatus(doc["een_export_status"]) if doc.get("een_export_status") else None,
        een_exported_version=doc.get("een_exported_version"), status=ProposalStatus(doc["status"]),
        closed_reason=doc.get("closed_reason"), version=doc["version"],
    )


def interest_from_doc(doc: dict) -> Interest:
    return Interest(
        id=doc["_id"], proposal_id=doc["proposal_id"], proposal_title=doc["proposal_title"],
        proposal_owner_id=doc.get("proposal_owner_id"), sender_id=doc["sender_id"], message=doc["message"],
        created_at=doc["created_at"], proposal_source=ProposalSource(doc.get("proposal_source", "local")),
        een_reference=doc.get("een_reference"), sender_organisation=doc.get("sender_organisation"),
        sender_country=doc.get("sender_country"), status=InterestStatus(doc["status"]),
        decided_at=doc.get("decided_at"), decline_reason=doc.get("decline_reason"), version=doc["version"],
        history=tuple((s, t) for s, t in doc.get("history", [])),
    )


class MongoProposalRepository(MongoRepository):
    collection_name = PROPOSALS

    async def add(self, proposal: Proposal) -> None:
        await self._insert(_to_doc(proposal))

    async def get(self, proposal_id: str) -> Proposal | None:
        return await self._find_as({"_id": proposal_id}, proposal_from_doc)

    async def get_by_een_reference(self, reference: str) -> Proposal | None:
        return await self._find_as({"een_reference": reference}, proposal_from_doc)

    async def save(self, proposal: Proposal, *, previous_version: int | None = None) -> None:
        await self._replace_versioned(_to_doc(proposal), previous_version=previous_version)

    async def owned_by(self, owner_id: str) -> list[Proposal]:
        return [proposal_from_doc(d) for d in
                await self._find({"owner_id": owner_id, "status": ProposalStatus.PUBLISHED.value})]


class MongoInterestRepository(MongoRepository):
    collection_name = INTERESTS

    async def add(self, interest: Interest) -> None:
        await self._insert(_to_doc(interest))

    async def get(self, interest_id: str) -> Interest | None:
        return await self._find_as({"_id": interest_id}, interest_from_doc)

    async def find(self, proposal_id: str, sender_id: str) -> Interest | None:
        return await self._find_as({"proposal_id": proposal_id, "sender_id": sender_id}, interest_from_doc)

    async def save(self, interest: Interest) -> None:
        await self._replace_versioned(_to_doc(interest))

    async def redact_sender(self, sender_id: str) -> int:
        return await self._update_many(
            {"sender_id": sender_id},
            {"$set": {"message": "[removed at the user's request]", "sender_id": "erased-user"}})


class ProposalsContext(HandlerContext):
    """The proposals handlers' Context port over one MongoDB transaction."""

    proposals: MongoProposalRepository
    interests: MongoInterestRepository


class ProposalQueries:
    """Read side for the HTTP API (outside transactions)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._proposals = db[PROPOSALS]
        self._interests = db[INTERESTS]

    async def get_proposal(self, proposal_id: str) -> Proposal | None:
        doc = await self._proposals.find_one({"_id": proposal_id})
        return proposal_from_doc(doc) if doc else None

    async def search(self, *, descriptors: list[str], kind: str | None, source: str | None, owner_id: str | None,
                     text: str | None, status: str | None, after_id: str | None, limit: int) -> list[Proposal]:
        """Proposals about any of `descriptors`, hierarchically as notifications match them:
        an area finds proposals tagged with one of its challenges as well."""
        query: dict = {}
        if status:
            query["status"] = status
        if descriptors:
            query["descriptors"] = {"$in": sorted(load_taxonomy().narrower(descriptors))}
        if kind:
            query["kind"] = kind
        if source:
            query["source"] = source
        if owner_id:
            query["owner_id"] = owner_id
        if text:
            # No $text here (not portable to every MongoDB-protocol server we run): a
            # case-insensitive match on title and summary, the user's input escaped.
            pattern = {"$regex": re.escape(text.strip()), "$options": "i"}
            query["$or"] = [{"title": pattern}, {"summary": pattern}]
        if after_id:
            query["_id"] = {"$lt": after_id}  # newest first
        cursor = self._proposals.find(query).sort("_id", -1).limit(limit + 1)
        return [proposal_from_doc(d) async for d in cursor]

    async def get_interest(self, interest_id: str) -> Interest | None:
        doc = await self._interests.find_one({"_id": interest_id})
        return interest_from_doc(doc) if doc else None

    async def interests(self, *, proposal_id: str | None = None, sender_id: str | None = None,
                        owner_id: str | None = None, status: str | None = None,
                        after_id: str | None = None, limit: int = 20) -> list[Interest]:
        query: dict = {}
        if proposal_id:
            query["proposal_id"] = proposal_id
        if sender_id:
            query["sender_id"] = sender_id
        if owner_id:
            query["proposal_owner_id"] = owner_id
        if status:
            query["status"] = status
        if after_id:
            query["_id"] = {"$lt": after_id}
        cursor = self._interests.find(query).sort("_id", -1).limit(limit + 1)
        return [interest_from_doc(d) async for d in cursor]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[PROPOSALS].create_index([("status", 1), ("_id", -1)])
    await db[PROPOSALS].create_index([("descriptors", 1), ("_id", -1)])
    await db[PROPOSALS].create_index([("owner_id", 1), ("_id", -1)])
    await db[PROPOSALS].create_index("een_reference", unique=True,
                                     partialFilterExpression={"een_reference": {"$type": "string"}})
    # Lookups by reference get a plain index as well (another key pattern, so both may exist):
    # a planner need not pick a partial index for a bare equality (SecantusDB does not), and
    # every offer sync looks one up.
    await db[PROPOSALS].create_index([("een_reference", 1), ("source", 1)])
    # One expression of interest per member and proposal.
    await db[INTERESTS].create_index([("proposal_id", 1), ("sender_id", 1)], unique=True)
    await db[INTERESTS].create_index([("proposal_owner_id", 1), ("_id", -1)])
    await db[INTERESTS].create_index([("sender_id", 1), ("_id", -1)])
