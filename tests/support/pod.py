"""The simulated POD (deploy/local/podsim) served by uvicorn on a free local port, in the
test's own event loop: the bridge reaches it over a real socket, and the test can look
into its store and arm its faults directly."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from podsim import Faults, PodStore, create_app, generate_profiles

from tests.support.serving import serving

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
    async with serving(app, lifespan="off") as url:
        yield RunningPod(url, store, app.state.faults, app.state.stats)
