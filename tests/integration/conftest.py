"""Fixtures the integration tests share, on the session's real servers."""
from __future__ import annotations

import pytest
from pymongo import AsyncMongoClient

from servicekit.ids import new_id
from servicekit.unit_of_work import ensure_plumbing_indexes


@pytest.fixture
async def mongo(infra):
    """A client and a database of its own (with the outbox and inbox indexes), dropped after."""
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    database = f"kit_{new_id()[-8:]}"
    await ensure_plumbing_indexes(client[database])
    yield client, database
    await client.drop_database(database)
    await client.close()
