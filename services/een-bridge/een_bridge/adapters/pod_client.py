"""The HTTP client of the POD: the bridge's only door to it.

Every call has a timeout, waits its turn in a token bucket (the POD limits our rate), goes
through a circuit breaker, and is retried with exponential backoff and full jitter when the
failure may pass (timeouts, connection errors, 5xx, 429 with its Retry-After, a truncated or
malformed answer). A hostile answer (DTD, entities) is never retried; a 4xx is the POD's
final word. Answers are read up to a size limit. It implements the service layer's POD
ports (`een_bridge.service_layer.ports`), whose failures it raises."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import httpx
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind

from een_bridge.adapters import pod_wire
from een_bridge.domain.model import PodDraft
from een_bridge.service_layer.ports import PodInterestPage, PodPage, PodRefused, PodUnavailable, UnreadableDocument
from servicekit.resilience import CircuitBreaker, CircuitOpen, RetryPolicy, TokenBucket
from servicekit.telemetry import meter, record_error

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
pod_requests = meter("een_bridge.pod").create_counter(
    "een.pod.requests", description="Calls to the POD by outcome (ok, retry, refused, unavailable, unreadable)")
T = TypeVar("T")
XML = "application/xml"


@dataclass(frozen=True)
class PodSettings:
    base_url: str
    username: str
    password: str
    timeout_seconds: float = 10.0
    rate_per_second: float = 10.0
    retry: RetryPolicy = RetryPolicy(max_attempts=4, backoff_seconds=0.5, backoff_max_seconds=8.0)
    breaker_threshold: int = 5
    breaker_reset_seconds: float = 30.0
    max_response_bytes: int = 20 * 1024 * 1024


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None,
                 unreadable: UnreadableDocument | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.unreadable = unreadable  # a garbled answer: if it stays garbled, it is quarantined


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return min(60.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


class PodClient:
    def __init__(self, settings: PodSettings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.breaker = CircuitBreaker("POD", failure_threshold=settings.breaker_threshold,
                                      reset_seconds=settings.breaker_reset_seconds)
        self._bucket = TokenBucket(settings.rate_per_second, burst=max(1, int(settings.rate_per_second)))
        self._http = httpx.AsyncClient(
            base_url=settings.base_url.rstrip("/"), auth=(settings.username, settings.password),
            timeout=httpx.Timeout(settings.timeout_seconds), transport=transport,
            headers={"Accept": XML, "User-Agent": "open-innovation-een-bridge/1"})

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the POD's calls (docs/pod-api.md) -------------------------------------------------
    async def list_profiles(self, *, modified_since: datetime | None, page: int, page_size: int) -> PodPage:
        params = {"page": page, "page_size": page_size}
        if modified_since is not None:
            params["modified_since"] = _instant(modified_since)
        return await self._call("GET", "/profiles", pod_wire.read_profiles_page, params=params)

    async def create_profile(self, draft: PodDraft) -> str:
        return await self._call("POST", "/profiles", pod_wire.read_reference, body=pod_wire.render_draft(draft))

    async def update_profile(self, reference: str, draft: PodDraft) -> str:
        return await self._call("PUT", f"/profiles/{reference}", pod_wire.read_reference,
                                body=pod_wire.render_draft(draft))

    async def withdraw_profile(self, reference: str) -> None:
        await self._call("POST", f"/profiles/{reference}/withdraw", lambda _: None)

    async def send_interest(self, reference: str, *, external_id: str, organisation: str, country: str,
                            contact: str, message: str) -> str:
        body = pod_wire.render_interest(external_id=external_id, organisation=organisation, country=country,
                                        contact=contact, message=message)
        return await self._call("POST", f"/profiles/{reference}/interests", pod_wire.read_interest_id, body=body)

    async def list_interests(self, *, received_since: datetime | None, page: int, page_size: int) -> PodInterestPage:
        params = {"page": page, "page_size": page_size}
        if received_since is not None:
            params["received_since"] = _instant(received_since)
        return await self._call("GET", "/interests", pod_wire.read_interests_page, params=params)

    # -- the resilient call ---------------------------------------------------------------
    async def _call(self, method: str, path: str, read: Callable[[bytes], T], *, params: dict | None = None,
                    body: bytes | None = None) -> T:
        policy = self.settings.retry
        with tracer.start_as_current_span(f"POD {method} {path.split('/')[1]}", kind=SpanKind.CLIENT) as span:
            span.set_attributes({"http.request.method": method, "url.path": path, "server.address": self.settings.base_url})
            for attempt in range(1, policy.max_attempts + 1):
                try:
                    self.breaker.before_call()
                except CircuitOpen as exc:
                    pod_requests.add(1, {"outcome": "circuit_open"})
                    record_error(span, exc)
                    raise PodUnavailable(str(exc)) from exc
                await self._bucket.acquire()
                try:
                    result = await self._attempt(method, path, read, params, body)
                except _Retryable as exc:
                    self.breaker.record_failure()
                    span.add_event("retry", {"attempt": attempt, "reason": str(exc)})
                    if attempt == policy.max_attempts and exc.unreadable is not None:
                        pod_requests.add(1, {"outcome": "unreadable"})
                        record_error(span, exc.unreadable)
                        raise exc.unreadable from exc
                    if attempt == policy.max_attempts:
                        pod_requests.add(1, {"outcome": "unavailable"})
                        error = PodUnavailable(f"{method} {path}: {exc} (after {attempt} tries)")
                        record_error(span, error)
                        raise error from exc
                    pod_requests.add(1, {"outcome": "retry"})
                    await asyncio.sleep(exc.retry_after if exc.retry_after is not None else policy.delay(attempt))
                    continue
                except UnreadableDocument as exc:  # hostile: the POD answered, but not something we read
                    self.breaker.record_failure()
                    pod_requests.add(1, {"outcome": "unreadable"})
                    record_error(span, exc)
                    raise
                except PodRefused as exc:
                    self.breaker.record_success()  # the POD is up; it said no
                    pod_requests.add(1, {"outcome": "refused"})
                    span.set_attribute("http.response.status_code", exc.status)
                    raise
                self.breaker.record_success()
                pod_requests.add(1, {"outcome": "ok"})
                span.set_attribute("pod.attempts", attempt)
                return result
        raise AssertionError("unreachable")

    async def _attempt(self, method: str, path: str, read: Callable[[bytes], T], params: dict | None,
                       body: bytes | None) -> T:
        headers: dict[str, str] = {"Content-Type": XML} if body is not None else {}
        propagate.inject(headers)
        try:
            async with self._http.stream(method, path, params=params, content=body, headers=headers) as response:
                if response.status_code in (408, 429) or response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
                payload = await self._read_limited(response)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out after {self.settings.timeout_seconds}s") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 400:
            raise PodRefused(response.status_code, payload[:300].decode("utf-8", errors="replace").strip())
        try:
            return read(payload)
        except UnreadableDocument as exc:
            if exc.hostile:
                raise
            raise _Retryable(exc.reason, unreadable=exc) from exc  # truncated or garbled on the way: ask again

    async def _read_limited(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise UnreadableDocument(f"answer of {declared} bytes exceeds the {limit}-byte limit", "", hostile=True)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise UnreadableDocument(f"answer exceeds the {limit}-byte limit", "", hostile=True)
            chunks.append(chunk)
        return b"".join(chunks)


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
