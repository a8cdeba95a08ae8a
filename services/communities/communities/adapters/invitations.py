"""MongoDB adapters of invitations: invitations to a community, for registered members and e-mail addresses."""
from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository

from communities.domain.invitations import Invitation, InvitationStatus

INVITATIONS = "invitations"


def invitation_doc(invitation: Invitation) -> dict:
    doc = asdict(invitation)
    doc["_id"] = doc.pop("id")
    doc["status"] = invitation.status.value
    return doc


def invitation_from_doc(doc: dict) -> Invitation:
    def aware(at: datetime | None) -> datetime | None:
        return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at

    return Invitation(id=doc["_id"], community_id=doc["community_id"], invited_by=doc["invited_by"],
                      created_at=aware(doc["created_at"]), expires_at=aware(doc["expires_at"]),  # type: ignore[arg-type]
                      user_id=doc.get("user_id"), email=doc.get("email"), status=InvitationStatus(doc["status"]),
                      accepted_by=doc.get("accepted_by"), decided_at=aware(doc.get("decided_at")),
                      version=doc["version"])


def _live(now: datetime) -> dict:
    return {"status": InvitationStatus.PENDING.value, "expires_at": {"$gt": now}}


class MongoInvitationRepository(MongoRepository):
    collection_name = INVITATIONS

    async def add(self, invitation: Invitation) -> None:
        await self._insert(invitation_doc(invitation))

    async def get(self, invitation_id: str) -> Invitation | None:
        return await self._find_as({"_id": invitation_id}, invitation_from_doc)

    async def save(self, invitation: Invitation) -> None:
        await self._replace_versioned(invitation_doc(invitation))

    async def live_for(self, community_id: str, *, user_id: str | None = None,
                       email: str | None = None) -> Invitation | None:
        """A live invitation of this member or address here (one is enough: no duplicates)."""
        query = {"community_id": community_id, **_live(datetime.now(UTC))}
        query.update({"user_id": user_id} if user_id is not None else {"email": email})
        return await self._find_as(query, invitation_from_doc)


class InvitationsRepositories:
    """Mixed into CommunitiesContext: the invitations repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    invitations: MongoInvitationRepository


class InvitationQueries:
    """The read side for the HTTP API, outside transactions."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._invitations = db[INVITATIONS]

    async def get(self, invitation_id: str) -> Invitation | None:
        doc = await self._invitations.find_one({"_id": invitation_id})
        return invitation_from_doc(doc) if doc else None

    async def of_community(self, community_id: str, *, after_id: str | None, limit: int) -> list[Invitation]:
        """The community's pending invitations (live or expired), newest first."""
        query: dict = {"community_id": community_id, "status": InvitationStatus.PENDING.value}
        if after_id:
            query["_id"] = {"$lt": after_id}
        cursor = self._invitations.find(query).sort("_id", -1).limit(limit + 1)
        return [invitation_from_doc(d) async for d in cursor]

    async def mine(self, user_id: str) -> list[Invitation]:
        cursor = self._invitations.find({"user_id": user_id, **_live(datetime.now(UTC))}).sort("_id", -1).limit(200)
        return [invitation_from_doc(d) async for d in cursor]

    async def invited_community_ids(self, user_id: str) -> list[str]:
        cursor = self._invitations.find({"user_id": user_id, **_live(datetime.now(UTC))}, {"community_id": 1})
        return list({d["community_id"] async for d in cursor})


async def ensure_invitations_indexes(db: AsyncDatabase) -> None:
    await db[INVITATIONS].create_index([("community_id", 1), ("status", 1), ("_id", -1)])
    await db[INVITATIONS].create_index([("user_id", 1), ("status", 1), ("expires_at", 1)])
    await db[INVITATIONS].create_index([("community_id", 1), ("email", 1), ("status", 1)])


async def has_live_invitation(db: AsyncDatabase, community_id: str, user_id: str) -> bool:
    """Whether the member holds a live (pending, unexpired) invitation to the community. An
    e-mail invitation binds nobody until its link is accepted, so only members' count."""
    doc = await db[INVITATIONS].find_one({"community_id": community_id, "user_id": user_id,
                                          **_live(datetime.now(UTC))}, {"_id": 1})
    return doc is not None
