"""MongoDB adapters of consultations: S3 consultations: questions, one response per member,
results, CSV export.

Collections: `consultations` (the consultation with its questions) and
`consultation_responses` (one document per respondent: `_id` is "<consultation>:<key>", the
key an HMAC of the user id, so one response per participant holds by construction; an
anonymous consultation's responses carry no user id and no times)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository

from communities.domain.consultations import (
    Consultation,
    ConsultationPhase,
    ConsultationResponse,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
)

CONSULTATIONS = "consultations"
RESPONSES = "consultation_responses"


def question_doc(q: Question) -> dict:
    return {"id": q.id, "kind": q.kind.value, "prompt": q.prompt, "required": q.required,
            "options": [{"id": o.id, "label": o.label} for o in q.options],
            "min_selections": q.min_selections, "max_selections": q.max_selections}


def question_from_doc(d: dict) -> Question:
    return Question(id=d["id"], kind=QuestionKind(d["kind"]), prompt=d["prompt"], required=d.get("required", False),
                    options=tuple(Option(o["id"], o["label"]) for o in d.get("options", ())),
                    min_selections=d.get("min_selections"), max_selections=d.get("max_selections"))


def consultation_doc(c: Consultation) -> dict:
    return {
        "_id": c.id, "community_id": c.community_id, "author_id": c.author_id, "title": c.title,
        "description": c.description, "questions": [question_doc(q) for q in c.questions],
        "opens_at": c.opens_at, "closes_at": c.closes_at, "anonymous": c.anonymous,
        "results_public_after_close": c.results_public_after_close, "status": c.status.value,
        "version": c.version, "opened_announced": c.opened_announced, "closed_announced": c.closed_announced,
        "created_at": c.created_at, "updated_at": c.updated_at,
    }


def consultation_from_doc(d: dict) -> Consultation:
    return Consultation(
        id=d["_id"], community_id=d.get("community_id"), author_id=d["author_id"], title=d["title"],
        description=d.get("description", ""), questions=tuple(question_from_doc(q) for q in d.get("questions", ())),
        opens_at=d["opens_at"], closes_at=d["closes_at"], anonymous=d.get("anonymous", False),
        results_public_after_close=d.get("results_public_after_close", False),
        status=ConsultationStatus(d["status"]), version=d["version"],
        opened_announced=d.get("opened_announced", False), closed_announced=d.get("closed_announced", False),
        created_at=d["created_at"], updated_at=d["updated_at"])


def response_doc(r: ConsultationResponse) -> dict:
    doc = {"_id": r.id, "consultation_id": r.consultation_id, "respondent_key": r.respondent_key,
           "answers": dict(r.answers), "version": r.version}
    if r.respondent_id is not None:  # an anonymous response has no identity and no times
        doc.update(respondent_id=r.respondent_id, submitted_at=r.submitted_at, updated_at=r.updated_at)
    return doc


def response_from_doc(d: dict) -> ConsultationResponse:
    return ConsultationResponse(consultation_id=d["consultation_id"], respondent_key=d["respondent_key"],
                                answers=d.get("answers", {}), respondent_id=d.get("respondent_id"),
                                submitted_at=d.get("submitted_at"), updated_at=d.get("updated_at"),
                                version=d.get("version", 1))


class MongoConsultationRepository(MongoRepository):
    collection_name = CONSULTATIONS

    async def add(self, c: Consultation) -> None:
        await self._insert(consultation_doc(c))

    async def get(self, consultation_id: str) -> Consultation | None:
        return await self._find_as({"_id": consultation_id}, consultation_from_doc)

    async def save(self, c: Consultation) -> None:
        await self._replace_versioned(consultation_doc(c))

    async def delete(self, consultation_id: str) -> None:
        await self._delete_many({"_id": consultation_id})

    async def due_openings(self, now: datetime, limit: int) -> list[str]:
        query = {"status": ConsultationStatus.PUBLISHED.value, "opened_announced": False,
                 "opens_at": {"$lte": now}, "closes_at": {"$gt": now}}
        return [d["_id"] for d in await self._find(query, {"_id": 1}, sort=[("opens_at", 1)], limit=limit)]

    async def due_closings(self, now: datetime, limit: int) -> list[str]:
        query = {"status": ConsultationStatus.PUBLISHED.value, "closed_announced": False,
                 "closes_at": {"$lte": now}}
        return [d["_id"] for d in await self._find(query, {"_id": 1}, sort=[("closes_at", 1)], limit=limit)]


class MongoConsultationResponseRepository(MongoRepository):
    collection_name = RESPONSES

    async def get(self, consultation_id: str, key: str) -> ConsultationResponse | None:
        return await self._find_as({"_id": f"{consultation_id}:{key}"}, response_from_doc)

    async def put(self, r: ConsultationResponse) -> None:
        """Insert the first version (AlreadyExists if another request got there first);
        replace a later one only over the version it changed."""
        if r.version == 1:
            await self._insert(response_doc(r))
        else:
            await self._replace_versioned(response_doc(r))

    async def respondent_ids(self, consultation_id: str) -> list[str]:
        docs = await self._find({"consultation_id": consultation_id, "respondent_id": {"$ne": None}},
                                {"respondent_id": 1})
        return [d["respondent_id"] for d in docs]

    async def delete_all(self, consultation_id: str) -> int:
        return await self._delete_many({"consultation_id": consultation_id})


class ConsultationsRepositories:
    """Mixed into CommunitiesContext: the consultations repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    consultations: MongoConsultationRepository
    consultation_responses: MongoConsultationResponseRepository


# -- the read side ------------------------------------------------------------------------------
def _phase_query(phase: ConsultationPhase, now: datetime) -> dict:
    published = ConsultationStatus.PUBLISHED.value
    return {
        ConsultationPhase.DRAFT: {"status": ConsultationStatus.DRAFT.value},
        ConsultationPhase.UPCOMING: {"status": published, "opens_at": {"$gt": now}},
        ConsultationPhase.OPEN: {"status": published, "opens_at": {"$lte": now}, "closes_at": {"$gt": now}},
        ConsultationPhase.CLOSED: {"status": published, "closes_at": {"$lte": now}},
    }[phase]


class ConsultationQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._consultations = db[CONSULTATIONS]
        self._responses = db[RESPONSES]

    async def consultation(self, consultation_id: str) -> Consultation | None:
        doc = await self._consultations.find_one({"_id": consultation_id})
        return consultation_from_doc(doc) if doc else None

    async def consultations(self, community_id: str | None, *, phase: ConsultationPhase | None, now: datetime,
                            with_drafts: bool, limit: int) -> list[Consultation]:
        """Open ones first (closing soonest), then upcoming (opening soonest), then closed
        (newest first); drafts only when asked by a manager."""
        query: dict = {"community_id": community_id}
        if phase is not None:
            query.update(_phase_query(phase, now))
        elif not with_drafts:
            query["status"] = ConsultationStatus.PUBLISHED.value
        docs = [consultation_from_doc(d) async for d in
                self._consultations.find(query).sort([("closes_at", -1), ("_id", -1)]).limit(limit)]
        order = {ConsultationPhase.DRAFT: 0, ConsultationPhase.OPEN: 1, ConsultationPhase.UPCOMING: 2,
                 ConsultationPhase.CLOSED: 3}

        def key(c: Consultation) -> tuple:
            p = c.phase(now)
            at = c.closes_at.timestamp() if p is ConsultationPhase.OPEN else (
                c.opens_at.timestamp() if p is ConsultationPhase.UPCOMING else -c.closes_at.timestamp())
            return order[p], at
        return sorted(docs, key=key)

    async def response(self, consultation_id: str, key: str) -> ConsultationResponse | None:
        doc = await self._responses.find_one({"_id": f"{consultation_id}:{key}"})
        return response_from_doc(doc) if doc else None

    async def responses(self, consultation_id: str) -> AsyncIterator[ConsultationResponse]:
        async for doc in self._responses.find({"consultation_id": consultation_id}).sort("_id", 1):
            yield response_from_doc(doc)

    async def counts(self, consultation_ids: list[str]) -> dict[str, int]:
        if not consultation_ids:
            return {}
        rows = await (await self._responses.aggregate([
            {"$match": {"consultation_id": {"$in": consultation_ids}}},
            {"$group": {"_id": "$consultation_id", "n": {"$sum": 1}}}])).to_list()
        return {r["_id"]: r["n"] for r in rows}

    async def answered(self, keys: dict[str, str]) -> set[str]:
        """Which of these consultations (id → the caller's key) the caller has answered."""
        if not keys:
            return set()
        ids = [f"{cid}:{key}" for cid, key in keys.items()]
        return {d["consultation_id"] async for d in self._responses.find({"_id": {"$in": ids}},
                                                                          {"consultation_id": 1})}


async def ensure_consultations_indexes(db: AsyncDatabase) -> None:
    await db[CONSULTATIONS].create_index([("community_id", 1), ("closes_at", -1), ("_id", -1)])
    await db[CONSULTATIONS].create_index([("status", 1), ("opened_announced", 1), ("opens_at", 1)],
                                         name="due_openings")
    await db[CONSULTATIONS].create_index([("status", 1), ("closed_announced", 1), ("closes_at", 1)],
                                         name="due_closings")
    await db[RESPONSES].create_index([("consultation_id", 1), ("_id", 1)])
