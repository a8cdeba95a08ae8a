"""MongoDB adapters of the communities ports (`service_layer/ports.py`): repositories that
work inside the caller's transaction and map documents to domain objects and back, and
the handler context that hands them out. CommunityQueries is the read side for the HTTP
API, outside transactions."""
from __future__ import annotations

import re
from dataclasses import asdict

from contracts.events import (
    CommunityStatus,
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
)
from contracts.taxonomy import load_taxonomy
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import HandlerContext

from communities.adapters.calendar import CalendarRepositories
from communities.adapters.consultations import ConsultationsRepositories
from communities.adapters.discussion import DiscussionRepositories
from communities.adapters.documents import DocumentsRepositories
from communities.adapters.invitations import InvitationsRepositories
from communities.adapters.moderation import ModerationRepositories
from communities.adapters.news import NewsRepositories
from communities.domain.model import Community, Membership, name_key

COMMUNITIES = "communities"
MEMBERSHIPS = "memberships"

_OPEN = [MembershipStatus.ACTIVE.value, MembershipStatus.PENDING.value]


def _to_doc(obj: Community | Membership) -> dict:
    doc = asdict(obj)
    doc["_id"] = doc.pop("id")
    if isinstance(obj, Community):
        doc["descriptors"] = list(obj.descriptors)
        doc["name_key"] = name_key(obj.name)  # unique: names are unique regardless of case
    return doc


def community_from_doc(doc: dict) -> Community:
    return Community(id=doc["_id"], name=doc["name"], description=doc["description"],
                     visibility=CommunityVisibility(doc["visibility"]), descriptors=tuple(doc["descriptors"]),
                     owner_id=doc["owner_id"], created_at=doc["created_at"], updated_at=doc["updated_at"],
                     version=doc["version"], parent_id=doc.get("parent_id"),
                     status=CommunityStatus(doc.get("status", CommunityStatus.ACTIVE.value)),
                     members_listed=doc.get("members_listed", True),
                     news_requires_validation=doc.get("news_requires_validation", False),
                     review_reason=doc.get("review_reason"))


def membership_from_doc(doc: dict) -> Membership:
    return Membership(id=doc["_id"], community_id=doc["community_id"], user_id=doc["user_id"],
                      role=MembershipRole(doc["role"]), status=MembershipStatus(doc["status"]),
                      since=doc["since"], version=doc["version"])


class MongoCommunityRepository(MongoRepository):
    collection_name = COMMUNITIES

    async def add(self, community: Community) -> None:
        await self._insert(_to_doc(community))

    async def get(self, community_id: str) -> Community | None:
        return await self._find_as({"_id": community_id}, community_from_doc)

    async def name_taken(self, name: str, *, by_other_than: str | None = None) -> bool:
        query: dict = {"name_key": name_key(name)}
        if by_other_than:
            query["_id"] = {"$ne": by_other_than}
        return await self._exists(query)

    async def children(self, community_id: str) -> list[Community]:
        return [community_from_doc(d) for d in await self._find({"parent_id": community_id})]

    async def save(self, community: Community) -> None:
        await self._replace_versioned(_to_doc(community))


class MongoMembershipRepository(MongoRepository):
    collection_name = MEMBERSHIPS

    async def add(self, membership: Membership) -> None:
        await self._insert(_to_doc(membership))

    async def get(self, community_id: str, user_id: str) -> Membership | None:
        return await self._find_as({"community_id": community_id, "user_id": user_id}, membership_from_doc)

    async def save(self, membership: Membership) -> None:
        await self._replace_versioned(_to_doc(membership))

    async def count_active_owners(self, community_id: str) -> int:
        return await self._count({"community_id": community_id, "role": MembershipRole.OWNER.value,
                                  "status": MembershipStatus.ACTIVE.value})

    async def open_of_user(self, user_id: str) -> list[Membership]:
        return [membership_from_doc(d) for d in await self._find({"user_id": user_id, "status": {"$in": _OPEN}})]

    async def longest_standing(self, community_id: str, role: MembershipRole) -> Membership | None:
        doc = await self._find_one(
            {"community_id": community_id, "role": role.value, "status": MembershipStatus.ACTIVE.value},
            sort=[("_id", 1)])
        return membership_from_doc(doc) if doc else None


class CommunitiesContext(InvitationsRepositories, DiscussionRepositories, NewsRepositories, DocumentsRepositories,
                         CalendarRepositories, ConsultationsRepositories, ModerationRepositories, HandlerContext):
    """The communities handlers' Context port over one MongoDB transaction: the core
    repositories here, each capability's from its own adapter module."""

    communities: MongoCommunityRepository
    memberships: MongoMembershipRepository


class CommunityQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._db = db
        self._communities = db[COMMUNITIES]
        self._memberships = db[MEMBERSHIPS]

    async def community(self, community_id: str) -> Community | None:
        doc = await self._communities.find_one({"_id": community_id})
        return community_from_doc(doc) if doc else None

    async def membership(self, community_id: str, user_id: str) -> Membership | None:
        doc = await self._memberships.find_one({"community_id": community_id, "user_id": user_id})
        return membership_from_doc(doc) if doc else None

    async def invited_community_ids(self, user_id: str) -> list[str]:
        from communities.adapters.invitations import InvitationQueries
        return await InvitationQueries(self._db).invited_community_ids(user_id)

    async def invited(self, community_id: str, user_id: str) -> bool:
        """Whether the user holds a live invitation here (the invitations adapter keeps them)."""
        from communities.adapters.invitations import has_live_invitation
        return await has_live_invitation(self._db, community_id, user_id)

    async def memberships_of(self, user_id: str, community_ids: list[str]) -> dict[str, Membership]:
        cursor = self._memberships.find({"user_id": user_id, "community_id": {"$in": community_ids}})
        return {d["community_id"]: membership_from_doc(d) async for d in cursor}

    async def active_community_ids(self, user_id: str) -> list[str]:
        cursor = self._memberships.find({"user_id": user_id, "status": MembershipStatus.ACTIVE.value},
                                        {"community_id": 1})
        return [d["community_id"] async for d in cursor]

    async def member_counts(self, community_ids: list[str]) -> dict[str, int]:
        cursor = await self._memberships.aggregate([
            {"$match": {"community_id": {"$in": community_ids}, "status": MembershipStatus.ACTIVE.value}},
            {"$group": {"_id": "$community_id", "members": {"$sum": 1}}},
        ])
        return {d["_id"]: d["members"] async for d in cursor}

    async def search(self, *, member_of: list[str], mine: bool, descriptors: list[str], text: str | None,
                     after_id: str | None, limit: int, visibility: CommunityVisibility | None = None,
                     invited_to: list[str] = (), user_id: str | None = None,
                     parent_id: str | None = None, status: CommunityStatus | None = None) -> list[Community]:
        """What the caller may find, filtered in the query itself (so pages and counts never
        hold what they may not see): active open and private communities; closed ones only
        if the caller is an active member (`member_of`) or invited (`invited_to`); a
        community waiting for validation only for its owner (`user_id`). With `mine`, only
        those the caller is an active member of. With `status` (operators: the review
        queue), every community in that status."""
        active = CommunityStatus.ACTIVE.value
        if status is not None:
            conditions: list[dict] = [{"status": status.value}]
        elif mine:
            conditions = [{"_id": {"$in": member_of}},
                          {"$or": [{"status": active}, *([{"owner_id": user_id}] if user_id else [])]}]
        else:
            conditions = [{"$or": [
                {"status": active, "visibility": {"$in": [CommunityVisibility.PUBLIC.value,
                                                          CommunityVisibility.PRIVATE.value]}},
                {"status": active, "_id": {"$in": sorted({*member_of, *invited_to})}},
                *([{"owner_id": user_id, "_id": {"$in": member_of}}] if user_id else []),
            ]}]
        if visibility is not None:
            conditions.append({"visibility": visibility.value})
        if parent_id is not None:
            conditions.append({"parent_id": parent_id})
        if descriptors:
            # Hierarchically, as everywhere: an area finds communities about its challenges.
            conditions.append({"descriptors": {"$in": sorted(load_taxonomy().narrower(descriptors))}})
        if text and text.strip():
            # A case-insensitive match, the user's input escaped (no $text: not portable
            # to every MongoDB-protocol server we run).
            pattern = {"$regex": re.escape(text.strip()), "$options": "i"}
            conditions.append({"$or": [{"name": pattern}, {"description": pattern}]})
        if after_id:
            conditions.append({"_id": {"$lt": after_id}})  # newest first
        cursor = self._communities.find({"$and": conditions}).sort("_id", -1).limit(limit + 1)
        return [community_from_doc(d) async for d in cursor]

    async def members(self, community_id: str, *, status: MembershipStatus, after_id: str | None,
                      limit: int) -> list[Membership]:
        query: dict = {"community_id": community_id, "status": status.value}
        if after_id:
            query["_id"] = {"$gt": after_id}  # in joining order, the founder first
        cursor = self._memberships.find(query).sort("_id", 1).limit(limit + 1)
        return [membership_from_doc(d) async for d in cursor]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COMMUNITIES].create_index("name_key", unique=True)
    await db[COMMUNITIES].create_index([("visibility", 1), ("_id", -1)])
    await db[COMMUNITIES].create_index([("descriptors", 1), ("_id", -1)])
    await db[COMMUNITIES].create_index([("parent_id", 1), ("_id", -1)])
    await db[COMMUNITIES].create_index([("status", 1), ("_id", -1)])
    # One membership record per user and community, reused when they come back.
    await db[MEMBERSHIPS].create_index([("community_id", 1), ("user_id", 1)], unique=True)
    await db[MEMBERSHIPS].create_index([("community_id", 1), ("status", 1), ("_id", 1)])
    await db[MEMBERSHIPS].create_index([("user_id", 1), ("status", 1)])
