"""MongoDB adapters of consultations: S3 consultations: questions, one response per member, results, CSV export."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class ConsultationsRepositories:
    """Mixed into CommunitiesContext: the consultations repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_consultations_indexes(db: AsyncDatabase) -> None:
    return None
