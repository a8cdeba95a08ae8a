"""Work a service does on time (scheduled publishing, reminders): a job run every few
seconds by one replica at a time, under a MongoDB lease. A job finds what is due in the
database and handles it in transactions of its own, so a replica that dies mid-way leaves
the rest for the next holder; jobs must therefore be idempotent."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from servicekit.lease import MongoLease
from servicekit.telemetry import untraced

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[int]]  # returns how many things it handled (0: nothing was due)


@dataclass
class PeriodicJobs:
    lease: MongoLease
    interval_seconds: float
    jobs: dict[str, Job] = field(default_factory=dict)

    def add(self, name: str, job: Job) -> None:
        self.jobs[name] = job

    async def run_once(self) -> dict[str, int]:
        """Every job once, if this replica holds the lease (tests call it directly)."""
        with untraced():  # a look on every tick; what a job finds to do is traced
            if not await self.lease.hold():
                return {}
        done: dict[str, int] = {}
        for name, job in self.jobs.items():
            try:
                done[name] = await job()
            except Exception:
                log.exception("periodic job %s failed; it runs again at the next tick", name)
        return done

    async def loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_seconds)
            try:
                await self.run_once()
            except Exception:
                log.exception("periodic jobs could not run")
