"""Idempotency-Key on creating POSTs, backed by Redis: a client retry with the same key
gets the first response replayed instead of creating twice.

The key is scoped by caller and path; a concurrent duplicate gets 409 while the first
is in flight; reusing a key with a different body gets 422. Only successful responses
are stored, so a failed attempt can be retried with the same key.

The caller is the verified one: a request whose token does not verify is left to the
route, which answers 401, and never sees another caller's stored response. While Redis is
unreachable a request with a key gets 503: going ahead without the guarantee could create
twice, which is what the client sent the key to prevent.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.auth import TokenVerifier
from servicekit.exceptions import ServiceError
from servicekit.http.errors import Problem, outage_problem, problem_response

log = logging.getLogger(__name__)
IN_FLIGHT_SECONDS = 60


async def _caller(scope: Scope) -> str | None:
    """Whose key this is: the verified caller, "anonymous" without a token, None when the
    token does not verify (or cannot be verified now)."""
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode(errors="replace").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return "anonymous"
    verifier: TokenVerifier = scope["app"].state.runtime.provided(TokenVerifier)
    try:
        return (await verifier.verify(token.strip())).user_id
    except (Problem, ServiceError):
        return None


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, redis: Redis, namespace: str, ttl_seconds: int) -> None:
        self.app = app
        self.redis = redis
        self.namespace = namespace
        self.ttl = ttl_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw_key = headers.get(b"idempotency-key")
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        idem_key = raw_key.decode(errors="replace").strip()
        if not 1 <= len(idem_key) <= 255:
            await problem_response(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 characters.",
                                   scope["path"])(scope, receive, send)
            return

        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        caller = await _caller(scope)
        if caller is None:  # the route answers 401 (or 503)
            await self.app(scope, _replay(body), send)
            return
        fingerprint = hashlib.sha256(body).hexdigest()
        redis_key = f"idem:{self.namespace}:{caller}:{scope['path']}:{idem_key}"

        try:
            stored = await self.redis.get(redis_key)
            claimed = stored is None and bool(await self.redis.set(
                redis_key, json.dumps({"state": "in-flight", "fingerprint": fingerprint}), nx=True, ex=IN_FLIGHT_SECONDS))
            if stored is None and not claimed:
                stored = await self.redis.get(redis_key)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            problem = outage_problem(exc)
            assert problem is not None
            log.warning("Idempotency-Key on %s: %s (%s)", scope["path"], problem.detail, type(exc).__name__)
            await problem_response(problem.status, problem.title, problem.detail, scope["path"],
                                   headers=problem.headers)(scope, receive, send)
            return
        if claimed:
            await self._run_and_store(scope, body, send, redis_key, fingerprint)
            return
        record = json.loads(stored) if stored else {"state": "in-flight", "fingerprint": fingerprint}
        if record["fingerprint"] != fingerprint:
            await problem_response(422, "Idempotency-Key reused",
                                   "This Idempotency-Key was used with a different request body.",
                                   scope["path"])(scope, receive, send)
            return
        if record["state"] == "in-flight":
            await problem_response(409, "Request in progress",
                                   "A request with this Idempotency-Key is still being processed; retry later.",
                                   scope["path"], headers={"Retry-After": "1"})(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": record["status"],
                    "headers": [(k.encode(), v.encode()) for k, v in record["headers"]] + [(b"idempotent-replayed", b"true")]})
        await send({"type": "http.response.body", "body": base64.b64decode(record["body"])})

    async def _run_and_store(self, scope: Scope, body: bytes, send: Send, redis_key: str, fingerprint: str) -> None:
        status = 500
        response_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = [(k.decode(), v.decode()) for k, v in message.get("headers", [])
                                    if k.lower() not in (b"content-length", b"date", b"server")]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replay(body), capture)
        finally:
            try:
                if 200 <= status < 300:
                    record = {"state": "done", "fingerprint": fingerprint, "status": status,
                              "headers": response_headers, "body": base64.b64encode(b"".join(chunks)).decode()}
                    await self.redis.set(redis_key, json.dumps(record), ex=self.ttl)
                else:
                    await self.redis.delete(redis_key)
            except (RedisConnectionError, RedisTimeoutError):
                # The answer is out already; the in-flight mark expires by itself.
                log.warning("could not record Idempotency-Key %s: Redis unreachable", redis_key, exc_info=True)


def _replay(body: bytes) -> Receive:
    """The request body again, for the app, once read here."""
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
