"""MongoDB adapters of the notifications ports (`service_layer/ports.py`): the read models
built from other services' events (profiles, memberships) and the members' inboxes, as
repositories that work inside the caller's transaction and map documents to domain
objects and back, and the handler context that hands them out. InboxQueries is the read
side for the HTTP API, outside transactions.

Inbox order: notification ids are deterministic (see `Message.notification_id`), so
they do not sort by time; every notification also carries `seq`, a UUIDv7 made when it
was created, and the inbox is listed and paginated by (user_id, seq).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from contracts.events import DEFAULT_LANGUAGE, MembershipRole, MembershipStatus
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import HandlerContext, Transaction

from notifications.adapters.live import AfterCommitLiveFeed, LivePublisher
from notifications.domain.model import (
    MODERATING_ROLES, Membership, Notification, NotificationKind, Preferences, Profile, ProposalAudience, SubjectType,
)

PROFILES = "profiles"
MEMBERSHIPS = "memberships"
# The members' notifications. Other tools (the load benchmark) read this collection
# directly, so its name and document shape are a contract.
NOTIFICATIONS = "inbox"


def profile_to_doc(profile: Profile) -> dict:
    if profile.erased:
        return {"_id": profile.user_id, "erased": True}  # nothing personal kept
    prefs = profile.preferences
    return {
        "_id": profile.user_id, "version": profile.version, "display_name": profile.display_name,
        "interests": list(profile.interests), "competences": list(profile.competences),
        "notification_preferences": {"proposals": prefs.proposals, "interests": prefs.interests,
                                     "communities": prefs.communities},
        "language": profile.language,
        "erased": False,
    }


def profile_from_doc(doc: dict) -> Profile:
    if doc.get("erased"):
        return Profile.tombstone(doc["_id"])
    prefs = doc.get("notification_preferences") or {}
    return Profile(
        user_id=doc["_id"], version=doc["version"], display_name=doc.get("display_name", ""),
        interests=tuple(doc.get("interests", ())), competences=tuple(doc.get("competences", ())),
        preferences=Preferences(proposals=prefs.get("proposals", True), interests=prefs.get("interests", True),
                                communities=prefs.get("communities", True)),
        language=doc.get("language", DEFAULT_LANGUAGE),
    )


def membership_id(community_id: str, user_id: str) -> str:
    return f"{community_id}:{user_id}"


def membership_from_doc(doc: dict) -> Membership:
    # Rows recorded before roles were kept read as plain members until their next change.
    return Membership(community_id=doc["community_id"], user_id=doc["user_id"],
                      status=MembershipStatus(doc["status"]), changed_at=doc["changed_at"],
                      role=MembershipRole(doc.get("role", MembershipRole.MEMBER.value)))


def notification_to_doc(n: Notification) -> dict:
    return {
        "_id": n.id, "user_id": n.user_id, "kind": n.kind.value, "title": n.title, "body": n.body,
        "subject_type": n.subject_type.value, "subject_id": n.subject_id, "created_at": n.created_at,
        "read_at": n.read_at, "source_event_id": n.source_event_id, "seq": n.seq, "community_id": n.community_id,
        "subject_title": n.subject_title, "actor": n.actor, "community_name": n.community_name,
        "starts_at": n.starts_at,
    }


def notification_from_doc(doc: dict) -> Notification:
    return Notification(
        id=doc["_id"], user_id=doc["user_id"], kind=NotificationKind(doc["kind"]), title=doc["title"],
        body=doc["body"], subject_type=SubjectType(doc["subject_type"]), subject_id=doc["subject_id"],
        created_at=doc["created_at"], seq=doc["seq"], source_event_id=doc["source_event_id"],
        read_at=doc.get("read_at"), community_id=doc.get("community_id"),
        subject_title=doc.get("subject_title"), actor=doc.get("actor"), community_name=doc.get("community_name"),
        starts_at=doc.get("starts_at"),
    )


class MongoProfileRepository(MongoRepository):
    collection_name = PROFILES

    async def get(self, user_id: str) -> Profile | None:
        return await self._find_as({"_id": user_id}, profile_from_doc)

    async def put(self, profile: Profile) -> None:
        await self._replace({"_id": profile.user_id}, profile_to_doc(profile), upsert=True)

    async def of_users(self, user_ids: Iterable[str]) -> dict[str, Profile]:
        return {doc["_id"]: profile_from_doc(doc) for doc in await self._find({"_id": {"$in": list(user_ids)}})}

    async def matching(self, audience: ProposalAudience) -> list[str]:
        """`ProposalAudience.admits` as one query: the multikey index on `interests`
        finds the candidates, so the cost follows the matches, not the member count."""
        query: dict = {
            "interests": {"$in": sorted(audience.terms)},
            f"notification_preferences.{audience.topic.value}": {"$ne": False},
        }
        if audience.owner_id is not None:
            query["_id"] = {"$ne": audience.owner_id}
        return [doc["_id"] for doc in await self._find(query, {"_id": 1})]


class MongoMembershipRepository(MongoRepository):
    collection_name = MEMBERSHIPS

    async def get(self, community_id: str, user_id: str) -> Membership | None:
        return await self._find_as({"_id": membership_id(community_id, user_id)}, membership_from_doc)

    async def put(self, membership: Membership) -> None:
        doc = {"_id": membership_id(membership.community_id, membership.user_id),
               "community_id": membership.community_id, "user_id": membership.user_id,
               "status": membership.status.value, "role": membership.role.value,
               "changed_at": membership.changed_at}
        await self._replace({"_id": doc["_id"]}, doc, upsert=True)

    async def active_in(self, community_id: str) -> list[Membership]:
        docs = await self._find({"community_id": community_id, "status": MembershipStatus.ACTIVE.value})
        return [membership_from_doc(doc) for doc in docs]

    async def of_users_in(self, community_id: str, user_ids: Iterable[str]) -> list[Membership]:
        """These members' memberships of the community (any status), by the unique _id."""
        ids = [membership_id(community_id, u) for u in dict.fromkeys(user_ids)]
        return [membership_from_doc(doc) for doc in await self._find({"_id": {"$in": ids}})] if ids else []

    async def moderators_of(self, community_id: str) -> list[Membership]:
        """The community's active owners and moderators (the (community_id, status) index)."""
        docs = await self._find({"community_id": community_id, "status": MembershipStatus.ACTIVE.value,
                                 "role": {"$in": sorted(r.value for r in MODERATING_ROLES)}})
        return [membership_from_doc(doc) for doc in docs]

    async def remove_user(self, user_id: str) -> None:
        await self._delete_many({"user_id": user_id})


class MongoInboxRepository(MongoRepository):
    collection_name = NOTIFICATIONS

    async def existing_ids(self, ids: list[str]) -> set[str]:
        return {doc["_id"] for doc in await self._find({"_id": {"$in": ids}}, {"_id": 1})}

    async def add_all(self, notifications: list[Notification]) -> None:
        """Callers pass only ids not already stored (a duplicate key would abort the
        transaction); a concurrent insert of the same id is a write conflict, and the
        unit of work re-runs the whole handler, which then skips it."""
        await self._insert_many([notification_to_doc(n) for n in notifications])

    async def get(self, notification_id: str) -> Notification | None:
        return await self._find_as({"_id": notification_id}, notification_from_doc)

    async def save_read(self, notification: Notification) -> None:
        await self._update_one({"_id": notification.id}, {"$set": {"read_at": notification.read_at}})

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        return await self._update_many({"user_id": user_id, "read_at": None}, {"$set": {"read_at": at}})

    async def remove_user(self, user_id: str) -> None:
        await self._delete_many({"user_id": user_id})


class NotificationsContext(HandlerContext):
    """The notifications handlers' Context port over one MongoDB transaction; `live` tells
    the members' open streams once it has committed (`notifications.adapters.live`)."""

    profiles: MongoProfileRepository
    memberships: MongoMembershipRepository
    inbox: MongoInboxRepository

    def __init__(self, tx: Transaction, publisher: LivePublisher) -> None:
        super().__init__(tx)
        self.live = AfterCommitLiveFeed(tx, publisher)


class InboxQueries:
    """Read side for the HTTP API (outside transactions)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._collection = db[NOTIFICATIONS]

    async def inbox(self, user_id: str, *, unread_only: bool, after_seq: str | None,
                    limit: int) -> list[Notification]:
        query: dict = {"user_id": user_id}
        if unread_only:
            query["read_at"] = None
        if after_seq:
            query["seq"] = {"$lt": after_seq}  # newest first
        cursor = self._collection.find(query).sort("seq", -1).limit(limit + 1)
        return [notification_from_doc(doc) async for doc in cursor]

    async def one(self, user_id: str, notification_id: str) -> Notification | None:
        """The notification, if it is this member's."""
        doc = await self._collection.find_one({"_id": notification_id, "user_id": user_id})
        return notification_from_doc(doc) if doc is not None else None

    async def since(self, user_id: str, after_seq: str, *, limit: int) -> list[Notification]:
        """The member's notifications stored after `after_seq`, oldest first (a stream's replay)."""
        cursor = self._collection.find({"user_id": user_id, "seq": {"$gt": after_seq}}).sort("seq", 1).limit(limit)
        return [notification_from_doc(doc) async for doc in cursor]

    async def unread_count(self, user_id: str) -> int:
        return await self._collection.count_documents({"user_id": user_id, "read_at": None})


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[PROFILES].create_index("interests")  # multikey: one entry per interest code
    await db[MEMBERSHIPS].create_index([("community_id", 1), ("status", 1)])
    await db[MEMBERSHIPS].create_index("user_id")
    await db[NOTIFICATIONS].create_index([("user_id", 1), ("_id", -1)])
    await db[NOTIFICATIONS].create_index([("user_id", 1), ("seq", -1)])
    await db[NOTIFICATIONS].create_index([("user_id", 1), ("read_at", 1), ("seq", -1)])
