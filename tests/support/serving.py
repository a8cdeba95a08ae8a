"""An ASGI app served by uvicorn on a free local port, in the test's own event loop: what the
test talks to over a real socket, stopped (gracefully) when the block ends."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import uvicorn
from devstack import free_port


@contextlib.asynccontextmanager
async def serving(app, *, lifespan: str = "on", graceful_seconds: float | None = None) -> AsyncIterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan=lifespan,
                                           timeout_graceful_shutdown=graceful_seconds))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # it failed to start: say why
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
