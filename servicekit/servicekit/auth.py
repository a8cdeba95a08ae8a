"""Tokens and roles. The profiles service signs short-lived JWTs with asymmetric keys and
publishes the public half as a JWKS; every service verifies tokens locally against it: no
shared secret, no call to profiles per request. Framework-free: the HTTP edge takes the
bearer token from the request (`servicekit.http.dependencies`) and fetches the keys
(`servicekit.http.jwks`)."""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import jwt

from servicekit.exceptions import Forbidden, Unauthenticated

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
    expires_at: float  # the token's `exp` (epoch seconds): what outlives a request checks it
    def has_role(self, role: str) -> bool:
        return role in self.roles


KeyLookup = Callable[[str], Awaitable[jwt.PyJWK | None]]


class TokenVerifier:
    def __init__(self, lookup: KeyLookup) -> None:
        self._lookup = lookup

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("The bearer token is malformed.") from exc
        kid = header.get("kid")
        if not kid or header.get("alg") not in ALGORITHMS:
            raise Unauthenticated("The bearer token has no usable key id or algorithm.")
        key = await self._lookup(kid)
        if key is None:
            raise Unauthenticated("The bearer token was signed by an unknown key.")
        try:
            claims = jwt.decode(token, key=key, algorithms=ALGORITHMS, audience=AUDIENCE, issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("The bearer token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"The bearer token is invalid: {exc}.") from exc
        return Principal(user_id=claims["sub"], roles=frozenset(claims.get("roles", [ROLE_MEMBER])),
                         expires_at=float(claims["exp"]))


def issue_token(private_key_pem: bytes, kid: str, user_id: str, roles: list[str], ttl_seconds: int) -> str:
    """Sign an access token. The profiles service is the only issuer in the platform;
    this lives beside verification so the claims each side expects cannot drift."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": user_id, "roles": sorted(roles),
              "iat": now, "nbf": now, "exp": now + ttl_seconds}
    return jwt.encode(claims, private_key_pem, algorithm=ALGORITHMS[0], headers={"kid": kid})


def require_role(principal: Principal, role: str) -> None:
    if not principal.has_role(role):
        raise Forbidden(f"This action needs the {role} role.")


def require_any_role(principal: Principal, *roles: str) -> None:
    if not any(principal.has_role(role) for role in roles):
        raise Forbidden(f"This action needs one of these roles: {', '.join(roles)}.")
