"""MongoDB adapters of moderation: reports, the moderation queue, hiding and removing content."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class ModerationRepositories:
    """Mixed into CommunitiesContext: the moderation repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_moderation_indexes(db: AsyncDatabase) -> None:
    return None
