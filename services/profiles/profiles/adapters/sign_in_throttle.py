"""Brute-force protection for sign-in: failures per email are counted in Redis over a
window; past the limit, sign-in is refused (429) until the window passes."""
from redis.asyncio import Redis

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


class SignInThrottle:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    def _key(self, email: str) -> str:
        return f"profiles:sign-in-failures:{email}"

    async def blocked_for(self, email: str) -> int:
        """Seconds until the caller may try again; 0 when not blocked."""
        failures = int(await self._redis.get(self._key(email)) or 0)
        if failures < MAX_FAILURES:
            return 0
        return max(int(await self._redis.ttl(self._key(email))), 1)

    async def record_failure(self, email: str) -> None:
        key = self._key(email)
        async with self._redis.pipeline(transaction=True) as pipe:
            await pipe.incr(key).expire(key, WINDOW_SECONDS, nx=True).execute()

    async def reset(self, email: str) -> None:
        await self._redis.delete(self._key(email))
