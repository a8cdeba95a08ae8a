"""The token issuer's signing keys (ES256), kept in the profiles database.

The newest key signs; every key younger than its retirement stays in the JWKS, so
tokens signed before a rotation still verify until they expire. In production the
private key would come from a KMS or a sealed secret; here it lives in MongoDB so
a fresh machine needs no setup.
"""
from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.ids import new_id

KEYS = "signing_keys"
# Public keys stay published this long after they stop signing (> token lifetime).
RETIRE_AFTER = timedelta(days=1)


def _new_key_doc() -> dict:
    private = ec.generate_private_key(ec.SECP256R1())
    kid = new_id()
    public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
    public_jwk.update({"kid": kid, "alg": "ES256", "use": "sig"})
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return {"_id": kid, "private_pem": pem, "public_jwk": public_jwk, "created_at": datetime.now(UTC),
            "retired_at": None}


class SigningKeys:
    def __init__(self, db: AsyncDatabase, cache_seconds: float = 30) -> None:
        self._keys = db[KEYS]
        self._cache_seconds = cache_seconds
        self._cached: list[dict] = []
        self._cached_at = 0.0

    async def ensure_active_key(self) -> None:
        if await self._keys.count_documents({"retired_at": None}, limit=1) == 0:
            await self._keys.insert_one(_new_key_doc())
        self._cached_at = 0.0

    async def rotate(self) -> str:
        """Start signing with a new key; the old one keeps verifying for RETIRE_AFTER."""
        doc = _new_key_doc()
        await self._keys.insert_one(doc)
        await self._keys.update_many({"_id": {"$ne": doc["_id"]}, "retired_at": None},
                                     {"$set": {"retired_at": datetime.now(UTC)}})
        self._cached_at = 0.0
        return doc["_id"]

    async def _all(self) -> list[dict]:
        if time.monotonic() - self._cached_at > self._cache_seconds:
            cutoff = datetime.now(UTC) - RETIRE_AFTER
            self._cached = await self._keys.find(
                {"$or": [{"retired_at": None}, {"retired_at": {"$gt": cutoff}}]}).sort("_id", -1).to_list()
            self._cached_at = time.monotonic()
        return self._cached

    async def signing_key(self) -> tuple[str, bytes]:
        active = [k for k in await self._all() if k["retired_at"] is None]
        if not active:
            await self.ensure_active_key()
            active = [k for k in await self._all() if k["retired_at"] is None]
        newest = active[0]
        return newest["_id"], newest["private_pem"]

    async def jwks(self) -> dict:
        return {"keys": [k["public_jwk"] for k in await self._all()]}

    async def lookup(self, kid: str) -> jwt.PyJWK | None:
        for key in await self._all():
            if key["_id"] == kid:
                return jwt.PyJWK(key["public_jwk"])
        self._cached_at = 0.0  # maybe rotated in by another replica: look again once
        for key in await self._all():
            if key["_id"] == kid:
                return jwt.PyJWK(key["public_jwk"])
        return None
