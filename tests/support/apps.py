"""Run a service's FastAPI app in-process, with its real lifespan (MongoDB, Kafka,
Redis, outbox relay, consumers), and talk to it through httpx."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import httpx
from fastapi import FastAPI
from servicekit.auth import TokenVerifier

from tests.support.tokens import TestIssuer


@contextlib.asynccontextmanager
async def running(app: FastAPI, issuer: TestIssuer | None = None) -> AsyncIterator[httpx.AsyncClient]:
    if issuer is not None:
        app.state.runtime.provide(TokenVerifier, issuer.verifier())
    async with app.router.lifespan_context(app):
        await wait_until(lambda: app.state.runtime.broker_reachable(), timeout=30)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


@contextlib.asynccontextmanager
async def running_without_broker(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app's real lifespan, without waiting for Kafka: for tests of a broker outage."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


async def wait_until(predicate: Callable, timeout: float = 10.0, interval: float = 0.05):
    """Poll an (async or sync) predicate until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            with contextlib.suppress(Exception):
                result = await result
            if asyncio.iscoroutine(result):
                result = None
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


def wait_for(predicate: Callable, timeout: float = 15.0, interval: float = 0.05):
    """The blocking twin of wait_until, for tests that drive processes: poll a predicate
    until it returns something truthy; AssertionError when it does not in time."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout}s")
        time.sleep(interval)


PROBLEM = "application/problem+json"


def is_problem(response: httpx.Response, status: int) -> bool:
    """The answer has this status and is an RFC 9457 problem document."""
    return response.status_code == status and response.headers["content-type"].startswith(PROBLEM)
