"""MongoDB adapters of documents: folders and versioned files in GridFS."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class DocumentsRepositories:
    """Mixed into CommunitiesContext: the documents repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_documents_indexes(db: AsyncDatabase) -> None:
    return None
