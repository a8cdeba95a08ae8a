"""The signing keys of the platform's tokens, fetched from profiles' JWKS and cached."""
from __future__ import annotations

import asyncio
import json
import time

import httpx
import jwt

from servicekit.http.errors import ServiceUnavailable


class JwksClient:
    """Fetches and caches the JWKS; an unknown `kid` (a key rotated in) triggers one
    refresh, at most every `min_refresh_seconds`, so forged kids cannot hammer profiles.
    While profiles is unreachable the cached keys keep serving; a token whose key is not
    among them cannot be judged then, which is a 503 (retry), not a 401 (sign in again)."""

    def __init__(self, url: str, ttl_seconds: float = 300, min_refresh_seconds: float = 5) -> None:
        self._url = url
        self._ttl = ttl_seconds
        self._min_refresh = min_refresh_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0
        self._attempted_at = float("-inf")
        self._unreachable = False
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        async with httpx.AsyncClient(timeout=3.0) as client:
            response = await client.get(self._url)
            response.raise_for_status()
        self._keys = {k["kid"]: jwt.PyJWK(k) for k in response.json()["keys"]}
        self._fetched_at = time.monotonic()

    async def get(self, kid: str) -> jwt.PyJWK | None:
        if kid in self._keys and time.monotonic() - self._fetched_at < self._ttl:
            return self._keys[kid]
        async with self._lock:
            now = time.monotonic()
            stale = now - self._fetched_at >= self._ttl
            # Failed attempts count too: an unreachable profiles is not asked on every request.
            if (kid not in self._keys or stale) and now - self._attempted_at >= self._min_refresh:
                self._attempted_at = now
                try:
                    await self._refresh()
                    self._unreachable = False
                except (httpx.HTTPError, ValueError, KeyError, json.JSONDecodeError):
                    self._unreachable = True
        key = self._keys.get(kid)
        if key is None and self._unreachable:
            raise ServiceUnavailable("Tokens cannot be verified now: the signing keys (JWKS) are unreachable.")
        return key
