"""MongoDB adapters of invitations: invitations to a community, for registered members and e-mail addresses."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class InvitationsRepositories:
    """Mixed into CommunitiesContext: the invitations repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_invitations_indexes(db: AsyncDatabase) -> None:
    return None


async def has_live_invitation(db: AsyncDatabase, community_id: str, user_id: str) -> bool:
    return False
