"""The bridge's background work toward the POD: an incremental sync on a schedule (which
first takes up a run whose process died), and a short loop that pushes shared proposals
and forwarded interests and pulls EEN partners' interests. A POD that is down only delays
these loops; nothing else on the platform waits for it."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from een_bridge.adapters.pod_client import PodClient
from een_bridge.domain.sync import SyncMode, SyncRun
from een_bridge.service_layer.exchange import PartnerIdentity, forward_interests, pull_interests, push_exports
from een_bridge.service_layer.ports import PodUnavailable
from een_bridge.service_layer.sync import PodSync, SyncBusy
from servicekit.lease import MongoLease
from servicekit.telemetry import untraced
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class PodNotConfigured(Exception):
    """POD_BASE_URL is not set: the bridge runs without the POD."""


@dataclass
class PodScheduler:
    uow: UnitOfWork
    pod: PodClient
    sync: PodSync
    partner: PartnerIdentity
    exchange_lease: MongoLease  # one replica at a time pushes to the POD: two would publish a proposal twice
    sync_interval_seconds: float
    exchange_interval_seconds: float
    lease_seconds: float

    def __post_init__(self) -> None:
        self._runs: set[asyncio.Task] = set()  # keep running syncs referenced until they end

    async def trigger(self, mode: SyncMode) -> SyncRun:
        """Start a run now (HTTP); SyncBusy if one is going on."""
        run, task = await self.sync.start(mode)
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)
        return run

    async def stop(self) -> None:
        """Runs cut short here stay `running` in the database and are taken up at the next start."""
        for task in list(self._runs):
            task.cancel()
        await asyncio.gather(*self._runs, return_exceptions=True)
        await self.exchange_lease.release()
        await self.pod.aclose()

    async def sync_loop(self) -> None:
        """A run killed with its process is taken up as soon as its lease has expired;
        otherwise the first scheduled run comes one interval after start (a full import is
        an operator's decision)."""
        resume = await self._unfinished_run()
        while True:
            await asyncio.sleep(self.lease_seconds / 2 if resume else self.sync_interval_seconds)
            try:
                await self.sync.run(SyncMode.INCREMENTAL)
            except SyncBusy:
                pass  # another replica (or an operator's run), or a dead one's lease not expired yet
            except Exception:
                log.exception("scheduled POD sync could not run")
            resume = await self._unfinished_run()

    async def _unfinished_run(self) -> bool:
        try:
            with untraced():  # a look on every tick; the run it may lead to is traced
                return await self.sync.has_unfinished_run()
        except Exception:  # the database away: the schedule tries again later
            log.exception("could not look for an unfinished sync run")
            return False

    async def exchange_loop(self) -> None:
        while True:
            await asyncio.sleep(self.exchange_interval_seconds)  # first pass one interval after start
            try:
                with untraced():  # taken on every pass, usually to find nothing to do
                    holding = await self.exchange_lease.hold()
                if holding:
                    heartbeat = self.exchange_lease.keep_alive()
                    try:
                        await push_exports(self.uow, self.pod, self.partner)
                        await forward_interests(self.uow, self.pod, self.partner)
                        await pull_interests(self.uow, self.pod)
                    finally:
                        heartbeat.cancel()
            except PodUnavailable as exc:
                log.warning("POD exchange postponed: %s", exc)
            except Exception:
                log.exception("POD exchange pass failed")
