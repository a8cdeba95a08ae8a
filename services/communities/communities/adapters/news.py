"""MongoDB adapters of news: articles in a community or platform-wide, scheduled publishing, validation."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class NewsRepositories:
    """Mixed into CommunitiesContext: the news repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_news_indexes(db: AsyncDatabase) -> None:
    return None
