"""MongoDB adapters of calendar: events, registrations with a waiting list, .ics calendars and
feeds, reminders.

Seats are a counter on the event (`seats_taken`), taken with a conditional `$inc` that only
matches while a seat is left; inside the handler's snapshot transaction two registrations
racing for the last seat conflict on the event document and one of them re-runs, finds
no seat and waits. The waiting list's order is a second counter (`queue_seq`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.events import RegistrationStatus
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.exceptions import ConcurrentModification
from servicekit.http.errors import Problem
from servicekit.repository import MongoRepository

from communities.domain.access import Actor, Scope
from communities.domain.calendar import (
    Event,
    EventStatus,
    Registration,
    registration_id,
)
from communities.domain.model import ERASED_USER, Community

EVENTS = "events"
REGISTRATIONS = "event_registrations"
FEED_TOKENS = "calendar_feed_tokens"
COMMUNITIES, MEMBERSHIPS = "communities", "memberships"  # adapters/repository.py's (it imports this module)
_COUNTERS = ("seats_taken", "waiting", "queue_seq")


def event_doc(e: Event) -> dict:
    return {
        "_id": e.id, "community_id": e.community_id, "organiser_id": e.organiser_id, "title": e.title,
        "description": e.description, "starts_at": e.starts_at, "ends_at": e.ends_at, "time_zone": e.time_zone,
        "place": e.place, "online_url": e.online_url, "capacity": e.capacity,
        "registration_opens_at": e.registration_opens_at, "registration_closes_at": e.registration_closes_at,
        "descriptors": list(e.descriptors), "status": e.status.value, "version": e.version, "revision": e.revision,
        "seats_taken": e.seats_taken, "waiting": e.waiting, "reminded_at": e.reminded_at,
        "cancelled_at": e.cancelled_at, "created_at": e.created_at, "updated_at": e.updated_at,
    }


def event_from_doc(d: dict) -> Event:
    return Event(
        id=d["_id"], community_id=d.get("community_id"), organiser_id=d["organiser_id"], title=d["title"],
        description=d.get("description", ""), starts_at=_aware(d["starts_at"]), ends_at=_aware(d["ends_at"]),
        time_zone=d["time_zone"], place=d.get("place"), online_url=d.get("online_url"), capacity=d.get("capacity"),
        registration_opens_at=_aware(d.get("registration_opens_at")),
        registration_closes_at=_aware(d.get("registration_closes_at")), descriptors=tuple(d.get("descriptors", ())),
        status=EventStatus(d["status"]), version=d["version"], revision=d.get("revision", 1),
        seats_taken=d.get("seats_taken", 0), waiting=d.get("waiting", 0), reminded_at=_aware(d.get("reminded_at")),
        cancelled_at=_aware(d.get("cancelled_at")), created_at=_aware(d["created_at"]),
        updated_at=_aware(d["updated_at"]))


def registration_doc(r: Registration) -> dict:
    return {"_id": r.id, "event_id": r.event_id, "user_id": r.user_id, "community_id": r.community_id,
            "status": r.status.value, "registered_at": r.registered_at, "changed_at": r.changed_at,
            "queue": r.queue, "attended": r.attended, "version": r.version}


def registration_from_doc(d: dict) -> Registration:
    return Registration(event_id=d["event_id"], user_id=d["user_id"], community_id=d.get("community_id"),
                        status=RegistrationStatus(d["status"]), registered_at=_aware(d["registered_at"]),
                        changed_at=_aware(d["changed_at"]), queue=d.get("queue", 0), attended=d.get("attended"),
                        version=d.get("version", 1))


def _aware(at: datetime | None) -> datetime | None:
    """BSON dates come back naive (UTC) unless the client is tz_aware."""
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


class MongoEventRepository(MongoRepository):
    collection_name = EVENTS

    async def add(self, event: Event) -> None:
        await self._insert({**event_doc(event), "queue_seq": 0})

    async def get(self, event_id: str) -> Event | None:
        return await self._find_as({"_id": event_id}, event_from_doc)

    async def save(self, event: Event) -> None:
        """Optimistic on `version`; the seat counters are the registrations' and stay as stored."""
        fields = {k: v for k, v in event_doc(event).items() if k not in ("_id", *_COUNTERS)}
        if not await self._update_one({"_id": event.id, "version": event.version - 1}, {"$set": fields}):
            raise ConcurrentModification(event.id)

    async def take_seat(self, event_id: str, capacity: int | None) -> bool:
        """One seat, if one is left (or there is no limit). `capacity` is the one the handler
        read in this transaction: a change of it conflicts with this write."""
        query: dict = {"_id": event_id, "status": EventStatus.SCHEDULED.value}
        if capacity is not None:
            query["seats_taken"] = {"$lt": capacity}
        return bool(await self._update_one(query, {"$inc": {"seats_taken": 1}}))

    async def release_seat(self, event_id: str) -> None:
        await self._update_one({"_id": event_id, "seats_taken": {"$gt": 0}}, {"$inc": {"seats_taken": -1}})

    async def join_queue(self, event_id: str) -> int:
        """A place at the end of the waiting list: its number (first in, first promoted)."""
        doc = await self._collection.find_one_and_update(
            {"_id": event_id}, {"$inc": {"waiting": 1, "queue_seq": 1}}, projection={"queue_seq": 1},
            return_document=ReturnDocument.AFTER, session=self._session)
        return doc["queue_seq"] if doc else 0

    async def leave_queue(self, event_id: str) -> None:
        await self._update_one({"_id": event_id, "waiting": {"$gt": 0}}, {"$inc": {"waiting": -1}})

    async def due_reminders(self, now: datetime, until: datetime, limit: int) -> list[str]:
        query = {"status": EventStatus.SCHEDULED.value, "reminded_at": None, "starts_at": {"$gt": now, "$lte": until}}
        return [d["_id"] for d in await self._find(query, {"_id": 1}, sort=[("starts_at", 1)], limit=limit)]

    async def mark_reminded(self, event_id: str, starts_at: datetime, now: datetime) -> bool:
        """Once: only the first of several runs (or replicas) finds it not yet reminded."""
        return bool(await self._update_one({"_id": event_id, "reminded_at": None, "starts_at": starts_at},
                                           {"$set": {"reminded_at": now}}))

    async def anonymise_organiser(self, user_id: str) -> int:
        return await self._update_many({"organiser_id": user_id}, {"$set": {"organiser_id": ERASED_USER}})


class MongoRegistrationRepository(MongoRepository):
    collection_name = REGISTRATIONS

    async def get(self, event_id: str, user_id: str) -> Registration | None:
        return await self._find_as({"_id": registration_id(event_id, user_id)}, registration_from_doc)

    async def save(self, registration: Registration) -> None:
        await self._replace({"_id": registration.id}, registration_doc(registration), upsert=True)

    async def first_waiting(self, event_id: str) -> Registration | None:
        doc = await self._find_one({"event_id": event_id, "status": RegistrationStatus.WAITING.value},
                                   sort=[("queue", 1)])
        return registration_from_doc(doc) if doc else None

    async def participant_ids(self, event_id: str, *, waiting_too: bool = False) -> list[str]:
        statuses = [RegistrationStatus.REGISTERED.value] + ([RegistrationStatus.WAITING.value] if waiting_too else [])
        docs = await self._find({"event_id": event_id, "status": {"$in": statuses}}, {"user_id": 1},
                                sort=[("registered_at", 1)])
        return [d["user_id"] for d in docs]


class MongoFeedTokenRepository(MongoRepository):
    """One personal calendar feed per member; only the token's hash is kept."""

    collection_name = FEED_TOKENS

    async def put(self, user_id: str, token_hash: str, now: datetime) -> None:
        await self._replace({"_id": user_id}, {"_id": user_id, "token_hash": token_hash, "created_at": now},
                            upsert=True)

    async def delete(self, user_id: str) -> bool:
        return bool(await self._delete_many({"_id": user_id}))


class CalendarRepositories:
    """Mixed into CommunitiesContext: the calendar repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    events: MongoEventRepository
    registrations: MongoRegistrationRepository
    feed_tokens: MongoFeedTokenRepository


# -- the read side ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedOwner:
    user_id: str
    created_at: datetime


def _cursor_key(e: Event) -> str:
    return f"{int(e.starts_at.timestamp() * 1000)}|{e.id}"


def cursor_of(event: Event) -> str:
    return _cursor_key(event)


def _after(cursor: str, upcoming: bool) -> dict:
    try:
        millis, event_id = cursor.split("|", 1)
        at = datetime.fromtimestamp(int(millis) / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        raise Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor") from None
    op = "$gt" if upcoming else "$lt"
    return {"$or": [{"starts_at": {op: at}}, {"starts_at": at, "_id": {op: event_id}}]}


class CalendarQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db
        self._events = db[EVENTS]
        self._registrations = db[REGISTRATIONS]

    async def event(self, event_id: str) -> Event | None:
        doc = await self._events.find_one({"_id": event_id})
        return event_from_doc(doc) if doc else None

    async def events(self, community_ids: list[str | None], *, upcoming: bool, now: datetime,
                     after: str | None = None, limit: int = 20) -> list[Event]:
        """Upcoming (not ended yet) soonest first, or past ones latest first; limit+1 rows."""
        parts: list[dict] = [{"community_id": {"$in": community_ids}},
                             {"ends_at": {"$gt": now}} if upcoming else {"ends_at": {"$lte": now}}]
        if after:
            parts.append(_after(after, upcoming))
        order = 1 if upcoming else -1
        cursor = self._events.find({"$and": parts}).sort([("starts_at", order), ("_id", order)]).limit(limit + 1)
        return [event_from_doc(d) async for d in cursor]

    async def registration(self, event_id: str, user_id: str) -> Registration | None:
        doc = await self._registrations.find_one({"_id": registration_id(event_id, user_id)})
        return registration_from_doc(doc) if doc else None

    async def registrations_of(self, user_id: str, event_ids: list[str]) -> dict[str, Registration]:
        found = self._registrations.find({"user_id": user_id, "event_id": {"$in": event_ids}})
        return {d["event_id"]: registration_from_doc(d) async for d in found}

    async def position(self, registration: Registration) -> int | None:
        """1 for the first on the waiting list."""
        if registration.status is not RegistrationStatus.WAITING:
            return None
        ahead = await self._registrations.count_documents({
            "event_id": registration.event_id, "status": RegistrationStatus.WAITING.value,
            "queue": {"$lt": registration.queue}})
        return ahead + 1

    async def registrations(self, event_id: str) -> list[Registration]:
        """Registered first (in order of registration), then the waiting list in its order, then cancelled."""
        rank = {RegistrationStatus.REGISTERED: 0, RegistrationStatus.WAITING: 1, RegistrationStatus.CANCELLED: 2}
        rows = [registration_from_doc(d) async for d in self._registrations.find({"event_id": event_id})]
        return sorted(rows, key=lambda r: (rank[r.status], r.queue if r.status is RegistrationStatus.WAITING else 0,
                                           r.registered_at))

    # -- the personal feed ----------------------------------------------------------------------
    async def feed_owner(self, token_hash: str) -> FeedOwner | None:
        doc = await self._db[FEED_TOKENS].find_one({"token_hash": token_hash})
        return FeedOwner(user_id=doc["_id"], created_at=_aware(doc["created_at"])) if doc else None

    async def feed_token_of(self, user_id: str) -> FeedOwner | None:
        doc = await self._db[FEED_TOKENS].find_one({"_id": user_id})
        return FeedOwner(user_id=doc["_id"], created_at=_aware(doc["created_at"])) if doc else None

    async def readable_scopes(self, actor: Actor) -> dict[str, Scope]:
        """The communities the actor is an active member of and may read, now, as scopes."""
        from communities.adapters.repository import (
            community_from_doc,
            membership_from_doc,
        )

        memberships = {m["community_id"]: m async for m in self._db[MEMBERSHIPS].find(
            {"user_id": actor.user_id, "status": "active"})}
        if not memberships:
            return {}
        readable = {}
        async for d in self._db[COMMUNITIES].find({"_id": {"$in": list(memberships)}}):
            c = community_from_doc(d)
            scope = Scope(actor=actor, community=c, membership=membership_from_doc(memberships[c.id]))
            if scope.can_read():
                readable[c.id] = scope
        return readable

    async def communities(self, ids: list[str]) -> dict[str, Community]:
        from communities.adapters.repository import community_from_doc

        if not ids:
            return {}
        return {d["_id"]: community_from_doc(d) async for d in self._db[COMMUNITIES].find({"_id": {"$in": ids}})}

    async def feed_events(self, user_id: str, community_ids: list[str], since: datetime) -> tuple[list[Event], set[str]]:
        """The events of these communities and those the member registered for (or waits for),
        that end after `since`; and the ids of the latter (the caller judges who may still read them)."""
        registered = {d["event_id"] async for d in self._registrations.find(
            {"user_id": user_id, "status": {"$in": [RegistrationStatus.REGISTERED.value,
                                                    RegistrationStatus.WAITING.value]}}, {"event_id": 1})}
        query = {"ends_at": {"$gt": since},
                 "$or": [{"community_id": {"$in": community_ids}}, {"_id": {"$in": list(registered)}}]}
        events = [event_from_doc(d) async for d in self._events.find(query).sort([("starts_at", 1), ("_id", 1)])]
        return events, registered


async def ensure_calendar_indexes(db: AsyncDatabase) -> None:
    await db[EVENTS].create_index([("community_id", 1), ("ends_at", 1), ("starts_at", 1), ("_id", 1)])
    await db[EVENTS].create_index([("status", 1), ("reminded_at", 1), ("starts_at", 1)], name="due_reminders")
    await db[EVENTS].create_index("organiser_id")
    await db[REGISTRATIONS].create_index([("event_id", 1), ("status", 1), ("queue", 1)])
    await db[REGISTRATIONS].create_index([("user_id", 1), ("status", 1)])
    await db[FEED_TOKENS].create_index("token_hash", unique=True)
