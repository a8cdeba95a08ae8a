"""A named lease in MongoDB: among the replicas of a service, at most one holds it at a
time (the outbox relay, the EEN sync). A holder renews it while it works; a holder that
died loses it when it expires, so another replica takes over without any coordinator."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from datetime import UTC, datetime, timedelta

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from servicekit.telemetry import untraced

log = logging.getLogger(__name__)


class MongoLease:
    def __init__(self, db: AsyncDatabase, *, collection: str, name: str, seconds: float) -> None:
        self._leases = db[collection]
        self._name = name
        self._seconds = seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    async def hold(self) -> bool:
        """Take the lease or renew ours; False while another holder's lease is live.
        Pollers call it under `untraced()` (it is never the story of a poll)."""
        now = datetime.now(UTC)
        try:
            lease = await self._leases.find_one_and_update(
                {"_id": self._name, "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "expires_at": now + timedelta(seconds=self._seconds)}},
                upsert=True, return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return False  # the upsert lost to a live lease of another holder
        return lease is not None and lease.get("owner") == self.owner

    def keep_alive(self) -> asyncio.Task:
        """Renew the lease in the background (three times per lease period) while the holder
        works; cancel the task when done. A missed renewal is retried at the next tick."""
        async def renew() -> None:
            while True:
                await asyncio.sleep(self._seconds / 3)
                with contextlib.suppress(Exception), untraced():
                    await self.hold()

        return asyncio.create_task(renew(), name=f"lease-{self._name}")

    async def release(self) -> None:
        try:
            await self._leases.update_one({"_id": self._name, "owner": self.owner},
                                          {"$set": {"expires_at": datetime.fromtimestamp(0, UTC)}})
        except Exception:
            log.warning("could not release the %s lease; it expires by itself", self._name)
