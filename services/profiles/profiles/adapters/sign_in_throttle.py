"""Brute-force protection for sign-in that an attacker cannot turn against the account's owner
(OWASP Authentication Cheat Sheet: throttle, don't lock accounts out).

Three counters of failed sign-ins, kept in Redis and checked and charged by one Lua script
(atomic, so parallel guesses cannot slip past a limit between a check and a count):

- per (address, client): after `pair_allowance` failures, each further one locks that client
  out of that address for twice as long as the last (1 s, 2 s, 4 s, ... up to `max_lock`).
  A success from the client resets it. An attacker guessing from one client slows down
  exponentially, and the owner signing in from another client never notices.
- per client, across addresses: the same growing lock past a larger allowance, against
  password spraying and credential stuffing from one client. A success forgives one earlier
  failure, so a shared address (an office behind NAT) whose users mostly get their password
  right does not drift into the limit, while a stuffing run's rare hits buy it little.
- per address, across clients: past `address_ceiling` failures (many clients guessing one
  account: a botnet), the per-pair allowance drops to `wary_pair_allowance`, so each further
  client gets about one guess before its own lock grows. A client that has never failed for
  the address is never held back by it: the owner can always sign in from a clean client.

Each attempt is charged as a failure before the password is checked; a success refunds it.
Failures are forgotten `memory` seconds after the last one (longer than `max_lock`, so a
persistent guesser keeps its long lock instead of starting over). Times are milliseconds
from the service's clock, passed in, so that replicas agree (NTP) and tests can move time.

The three keys of one attempt are not in one hash slot: this needs a Redis primary, not a
Redis Cluster (as deployed).
"""
from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis


@dataclass(frozen=True)
class SignInPolicy:
    pair_allowance: int = 5
    client_allowance: int = 30
    address_ceiling: int = 100
    wary_pair_allowance: int = 1
    first_lock_seconds: float = 1.0
    max_lock_seconds: float = 15 * 60
    memory_seconds: float = 60 * 60


# KEYS: pair, client, address. ARGV: now_ms, pair_allowance, client_allowance, address_ceiling,
# wary_pair_allowance, first_lock_ms, max_lock_ms, memory_ms.
# Returns the milliseconds to wait (0: go ahead, and the attempt is charged).
_BEGIN_ATTEMPT = """
local now = tonumber(ARGV[1])
local pair_allowance, client_allowance = tonumber(ARGV[2]), tonumber(ARGV[3])
local address_ceiling, wary_pair_allowance = tonumber(ARGV[4]), tonumber(ARGV[5])
local first_lock, max_lock, memory = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

local function lock(failures, allowance)
  if failures < allowance then return 0 end
  return math.min(first_lock * 2 ^ (failures - allowance), max_lock)
end

local pair = redis.call('HMGET', KEYS[1], 'failures', 'last')
local client = redis.call('HMGET', KEYS[2], 'failures', 'last')
local pair_failures, pair_last = tonumber(pair[1]) or 0, tonumber(pair[2]) or 0
local client_failures, client_last = tonumber(client[1]) or 0, tonumber(client[2]) or 0
local address_failures = tonumber(redis.call('GET', KEYS[3])) or 0

local allowance = pair_allowance
if address_failures >= address_ceiling then allowance = math.min(pair_allowance, wary_pair_allowance) end
local wait = 0
if pair_failures > 0 then wait = math.max(wait, pair_last + lock(pair_failures, allowance) - now) end
if client_failures > 0 then wait = math.max(wait, client_last + lock(client_failures, client_allowance) - now) end
if wait > 0 then return math.ceil(wait) end

redis.call('HSET', KEYS[1], 'failures', pair_failures + 1, 'last', now)
redis.call('PEXPIRE', KEYS[1], memory)
redis.call('HSET', KEYS[2], 'failures', client_failures + 1, 'last', now)
redis.call('PEXPIRE', KEYS[2], memory)
redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], memory)
return 0
"""

# KEYS: pair, client, address. The charge of this attempt is refunded, the pair forgotten,
# and the client forgiven one earlier failure.
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
local client_failures = tonumber(redis.call('HGET', KEYS[2], 'failures')) or 0
if client_failures > 0 then
  redis.call('HSET', KEYS[2], 'failures', math.max(client_failures - 2, 0))
end
if (tonumber(redis.call('GET', KEYS[3])) or 0) > 0 then redis.call('DECR', KEYS[3]) end
return 0
"""


class SignInThrottle:
    def __init__(self, redis: Redis, policy: SignInPolicy | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._redis = redis
        self.policy = policy or SignInPolicy()
        self.clock = clock
        self._begin = redis.register_script(_BEGIN_ATTEMPT)
        self._succeeded = redis.register_script(_SUCCEEDED)

    @staticmethod
    def _keys(email: str, client: str) -> list[str]:
        # Hashed: no e-mail addresses in Redis, and keys of bounded length.
        address = hashlib.sha256(email.encode()).hexdigest()[:32]
        return [f"profiles:sign-in:pair:{address}:{client}", f"profiles:sign-in:client:{client}",
                f"profiles:sign-in:address:{address}"]

    async def begin_attempt(self, email: str, client: str) -> int:
        """Seconds the client must wait before trying this address (0: it may try now, and
        the attempt counts as a failure until `succeeded` is called)."""
        p = self.policy
        wait_ms = await self._begin(keys=self._keys(email, client), args=[
            int(self.clock() * 1000), p.pair_allowance, p.client_allowance, p.address_ceiling,
            p.wary_pair_allowance, int(p.first_lock_seconds * 1000), int(p.max_lock_seconds * 1000),
            int(p.memory_seconds * 1000)])
        return math.ceil(int(wait_ms) / 1000)

    async def succeeded(self, email: str, client: str) -> None:
        await self._succeeded(keys=self._keys(email, client))
