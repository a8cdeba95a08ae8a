"""Token verification. The profiles service signs short-lived JWTs with asymmetric
keys and publishes the public half as a JWKS; every service verifies tokens locally
against it: no shared secret, no call to profiles per request."""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import jwt
from fastapi import Request

from servicekit.errors import Forbidden, ServiceUnavailable, Unauthorized

ISSUER = "open-innovation/profiles"
AUDIENCE = "open-innovation"
ALGORITHMS = ["ES256"]

# Roles (see docs/architecture.md): member; community owner/moderator are per community,
# so they live in the communities service, not in the token.
ROLE_MEMBER = "member"
ROLE_PLATFORM_OPERATOR = "platform_operator"
ROLE_EEN_OPERATOR = "een_operator"


@dataclass(frozen=True)
class Principal:
    user_id: str
    roles: frozenset[str]

    def has_role(self, role: str) -> bool:
        return role in self.roles


KeyLookup = Callable[[str], Awaitable[jwt.PyJWK | None]]


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


class TokenVerifier:
    def __init__(self, lookup: KeyLookup) -> None:
        self._lookup = lookup

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("The bearer token is malformed.") from exc
        kid = header.get("kid")
        if not kid or header.get("alg") not in ALGORITHMS:
            raise Unauthorized("The bearer token has no usable key id or algorithm.")
        key = await self._lookup(kid)
        if key is None:
            raise Unauthorized("The bearer token was signed by an unknown key.")
        try:
            claims = jwt.decode(token, key=key, algorithms=ALGORITHMS, audience=AUDIENCE, issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The bearer token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is invalid: {exc}.") from exc
        return Principal(user_id=claims["sub"], roles=frozenset(claims.get("roles", [ROLE_MEMBER])))


def issue_token(private_key_pem: bytes, kid: str, user_id: str, roles: list[str], ttl_seconds: int) -> str:
    """Sign an access token. The profiles service is the only issuer in the platform;
    this lives beside verification so the claims each side expects cannot drift."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": user_id, "roles": sorted(roles),
              "iat": now, "nbf": now, "exp": now + ttl_seconds}
    return jwt.encode(claims, private_key_pem, algorithm=ALGORITHMS[0], headers={"kid": kid})


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer realm="open-innovation"'}


async def authenticate(request: Request) -> Principal:
    """FastAPI dependency: the caller, or 401."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Sign in: this endpoint needs a bearer token.", headers=_challenge())
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        return await verifier.verify(token)
    except Unauthorized as exc:
        exc.headers = _challenge()
        raise


async def optional_principal(request: Request) -> Principal | None:
    """FastAPI dependency for endpoints anonymous visitors may read too."""
    if bearer_token(request) is None:
        return None
    return await authenticate(request)


def require_role(principal: Principal, role: str) -> None:
    if not principal.has_role(role):
        raise Forbidden(f"This action needs the {role} role.")


def require_any_role(principal: Principal, *roles: str) -> None:
    if not any(principal.has_role(role) for role in roles):
        raise Forbidden(f"This action needs one of these roles: {', '.join(roles)}.")
