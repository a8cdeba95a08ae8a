"""GET /health: 200 only when the service's database and broker (and Redis) answer;
each dependency's state is in the body either way."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from servicekit.telemetry import untraced

Check = Callable[[], Awaitable[bool]]


class CheckOut(BaseModel):
    status: Literal["up", "down"]
    latency_ms: float
    error: str | None = None


class HealthOut(BaseModel):
    """The body of /health, documented (the route answers it as it is, up or down)."""
    service: str
    status: Literal["up", "down"]
    checks: dict[str, CheckOut]


async def _probe(check: Check, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        with untraced():  # probes come every few seconds: their pings would drown the traces
            ok = await asyncio.wait_for(check(), timeout=timeout)
        error = None if ok else "not reachable"
    except Exception as exc:  # a health check reports failures, it never raises them
        ok, error = False, f"{type(exc).__name__}: {exc}" or type(exc).__name__
    result = {"status": "up" if ok else "down", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
    if error:
        result["error"] = error
    return result


def health_router(checks: dict[str, Check], timeout: float = 2.0) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness and readiness, with each dependency's state",
                responses={200: {"model": HealthOut, "description": "All dependencies are up"},
                           503: {"model": HealthOut, "description": "A dependency is down; `checks` says which"}})
    async def health(request: Request) -> JSONResponse:
        names = list(checks)
        results = await asyncio.gather(*(_probe(checks[n], timeout) for n in names))
        body = {"service": request.app.title, "checks": dict(zip(names, results, strict=True))}
        healthy = all(r["status"] == "up" for r in results)
        body["status"] = "up" if healthy else "down"
        return JSONResponse(body, status_code=200 if healthy else 503)

    return router
