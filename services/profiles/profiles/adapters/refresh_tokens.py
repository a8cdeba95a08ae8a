"""Refresh tokens: opaque, long-lived, stored only as SHA-256 hashes, and rotated on every
use. Each sign-in starts a family; presenting a refresh token that was already used
(a stolen copy, or a replay) revokes the whole family, so a thief and the victim are both
signed out rather than the thief staying in (OAuth 2.0 Security BCP, refresh rotation)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from profiles.service_layer.ports import RefreshTokenReused, Rotation
from servicekit.ids import new_id

REFRESH_TOKENS = "refresh_tokens"
LIFETIME = timedelta(days=30)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RefreshTokens:
    """The RefreshTokens port (`service_layer/ports.py`) in MongoDB, outside transactions:
    each call is atomic on its own (a token is claimed by one update)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._tokens = db[REFRESH_TOKENS]

    async def issue(self, user_id: str, family: str | None = None) -> str:
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await self._tokens.insert_one({"_id": _digest(token), "user_id": user_id, "family": family or new_id(),
                                       "issued_at": now, "expires_at": now + LIFETIME, "used_at": None})
        return token

    async def rotate(self, token: str) -> Rotation | None:
        """A new token for a valid unused one; None when unknown or expired. Raises
        RefreshTokenReused (after revoking the family) when it was used before."""
        now = datetime.now(UTC)
        claimed = await self._tokens.find_one_and_update(
            {"_id": _digest(token), "used_at": None, "expires_at": {"$gt": now}},
            {"$set": {"used_at": now}}, return_document=ReturnDocument.BEFORE)
        if claimed is None:
            stale = await self._tokens.find_one({"_id": _digest(token)})
            if stale is not None and stale["used_at"] is not None:
                await self.revoke_family(stale["family"])
                raise RefreshTokenReused
            return None
        return Rotation(user_id=claimed["user_id"], token=await self.issue(claimed["user_id"], claimed["family"]))

    async def revoke(self, token: str) -> None:
        found = await self._tokens.find_one({"_id": _digest(token)})
        if found is not None:
            await self.revoke_family(found["family"])

    async def revoke_family(self, family: str) -> None:
        await self._tokens.delete_many({"family": family})

    async def revoke_user(self, user_id: str) -> None:
        await self._tokens.delete_many({"user_id": user_id})


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[REFRESH_TOKENS].create_index("family")
    await db[REFRESH_TOKENS].create_index("user_id")
    await db[REFRESH_TOKENS].create_index("expires_at", expireAfterSeconds=0)
