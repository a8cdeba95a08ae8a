"""The simulated POD (deploy/local/podsim) served by uvicorn on a free local port, in the
test's own event loop: the bridge reaches it over a real socket, and the test can look
into its store and arm its faults directly."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import uvicorn
from podsim import Faults, PodStore, create_app, generate_profiles

from devstack import free_port

USERNAME, PASSWORD = "oi-bridge", "pod-secret"


@dataclass
class RunningPod:
    url: str
    store: PodStore
    faults: Faults
    stats: object

    def references(self, status: str | None = None) -> set[str]:
        return {p["reference"] for p in self.store if status is None or p.get("status") == status}


@contextlib.asynccontextmanager
async def running_pod(*, profiles: int = 200, malformed: int = 0, seed: int = 11) -> AsyncIterator[RunningPod]:
    store = PodStore(generate_profiles(profiles, seed=seed, malformed=malformed))
    app = create_app(store, username=USERNAME, password=PASSWORD)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield RunningPod(f"http://127.0.0.1:{port}", store, app.state.faults, app.state.stats)
    finally:
        server.should_exit = True
        await task
