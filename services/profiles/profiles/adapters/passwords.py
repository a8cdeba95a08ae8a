"""Password hashing with argon2id (RFC 9106 parameters from argon2-cffi's defaults): the
PasswordHasher port of the service layer (`service_layer/ports.py`). Hashing is CPU-bound,
so it runs off the event loop."""
import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps response times alike, so
# timing does not reveal which emails are registered.
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


class Argon2Passwords:
    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(_hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)
