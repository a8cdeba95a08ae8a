"""What the profiles handlers need from outside, as ports: the users and profiles
repositories (Mongo adapters in `profiles.adapters.repository`), the password hasher
(`adapters.passwords`), refresh tokens (`adapters.refresh_tokens`), the token issuer's
signing keys (`adapters.signing_keys`) and the sign-in throttle (`adapters.sign_in_throttle`).
The service-layer tests fake them all.

Two contexts: `Context` is one MongoDB transaction (registration, profile edits, erasure,
roles: what each changes commits together, with its events); it has no password hasher:
a registration's password is hashed before its transaction (`handlers.prepare_registration`). `SessionContext` has none:
signing in, refreshing, signing out and ending a user's sessions commit nothing together;
each step is atomic on its own (a refresh token is claimed by one update), and the
throttle lives in Redis."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from contracts.events import IntegrationEvent
from profiles.domain.model import Profile, User

# -- storage, inside a transaction --------------------------------------------------------------


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Raises AlreadyExists when the e-mail address is taken (by a registration at the same moment, too)."""

    async def get(self, user_id: str) -> User | None: ...

    async def add_role(self, email: str, role: str) -> User | None:
        """The user with the role added (once), or None when no user has this address."""

    async def delete(self, user_id: str) -> None: ...


class ProfileRepository(Protocol):
    async def add(self, profile: Profile) -> None: ...

    async def get(self, user_id: str) -> Profile | None: ...

    async def save(self, profile: Profile) -> None:
        """Raises ConcurrentModification if it changed since it was read."""

    async def delete(self, user_id: str) -> None: ...


# -- credentials ----------------------------------------------------------------------------------


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether the password matches; False without a hash (an unknown address), after as
        long as a real check takes, so timing does not tell which addresses are registered."""


class UserLookup(Protocol):
    """Users as stored now, outside any transaction."""

    async def user_by_email(self, email: str) -> User | None: ...

    async def user(self, user_id: str) -> User | None: ...


@dataclass(frozen=True)
class Rotation:
    """A refresh token traded in: whose it was, and the one that replaces it."""

    user_id: str
    token: str


class RefreshTokenReused(Exception):
    """A refresh token presented again after it was used: its whole session is revoked."""


class RefreshTokens(Protocol):
    """Opaque, single-use refresh tokens; each sign-in starts a session (a family of them)."""

    async def issue(self, user_id: str) -> str:
        """A refresh token starting a new session."""

    async def rotate(self, token: str) -> Rotation | None:
        """Its successor in the same session for a valid unused token; None when it is unknown
        or expired. Raises RefreshTokenReused (after revoking the session) when it was used before."""

    async def revoke(self, token: str) -> None:
        """End the token's session (nothing happens for an unknown token)."""

    async def revoke_user(self, user_id: str) -> None:
        """End every session of the user."""


class SigningKeys(Protocol):
    """The token issuer's keys: the newest signs."""

    async def signing_key(self) -> tuple[str, bytes]:
        """The key id and the PEM of the private key that signs now."""


class SignInThrottle(Protocol):
    """Failed sign-ins counted by (address, client), client and address."""

    async def begin_attempt(self, email: str, client: str) -> int:
        """Seconds the client must wait before trying this address (0: it may try now, and the
        attempt counts as a failure until `succeeded` is called)."""

    async def succeeded(self, email: str, client: str) -> None: ...


# -- what handlers get --------------------------------------------------------------------------


class Context(Protocol):
    """One transaction's view for a handler."""

    users: UserRepository
    profiles: ProfileRepository

    def publish(self, event: IntegrationEvent) -> None: ...


class SessionContext(Protocol):
    """What signing in, refreshing and signing out use: no transaction."""

    users: UserLookup
    passwords: PasswordHasher
    refresh_tokens: RefreshTokens
    signing_keys: SigningKeys
    throttle: SignInThrottle
