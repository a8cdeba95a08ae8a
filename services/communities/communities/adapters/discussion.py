"""MongoDB adapters of discussion: replies to topics (threaded), edits and removals, mentions, closing a topic."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class DiscussionRepositories:
    """Mixed into CommunitiesContext: the discussion repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_discussion_indexes(db: AsyncDatabase) -> None:
    return None
