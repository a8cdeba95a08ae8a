"""What the een-bridge service layer needs from outside, as ports: its repositories (the
Mongo adapters in `een_bridge.adapters.repository` implement them), the POD with what it
answers and how it fails (the HTTP client in `een_bridge.adapters.pod_client`), and the
lease that keeps to one sync at a time. The service-layer tests fake them all."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from contracts.events import IntegrationEvent
from een_bridge.domain.model import EenOffer, Forward, PodDraft, PodProfile, ProposalExport, Quarantined
from een_bridge.domain.sync import SyncCheckpoint, SyncRun

# -- the POD ----------------------------------------------------------------------------------


class PodUnavailable(Exception):
    """The POD did not answer usefully after retries, or the breaker is open: try later."""


class PodRefused(Exception):
    """A 4xx: the POD will not do this (wrong reference, profile no longer published...)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"POD answered {status}: {detail}")
        self.status = status


class UnreadableDocument(Exception):
    """An answer the bridge will not read. `hostile` for DTDs/entities (an attack or a
    broken proxy: never retried), otherwise malformed or truncated (maybe transient)."""

    def __init__(self, reason: str, excerpt: str, *, hostile: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.excerpt = excerpt
        self.hostile = hostile


@dataclass(frozen=True)
class PodEntry:
    """One <profile> of a list: the profile, or why it cannot be taken."""

    reference: str                 # as the POD wrote it (may be invalid)
    last_update: datetime | None   # its place in the POD's order; None if unreadable
    profile: PodProfile | None
    problem: str | None
    excerpt: str


@dataclass(frozen=True)
class PodPage:
    total: int
    entries: list[PodEntry]


@dataclass(frozen=True)
class PodInterest:
    id: str
    profile_reference: str
    received_at: datetime
    organisation: str
    country: str
    message: str


@dataclass(frozen=True)
class PodInterestPage:
    total: int
    interests: list[PodInterest]


class ProfileSource(Protocol):
    """The POD's list of profiles, which a sync reads."""

    async def list_profiles(self, *, modified_since: datetime | None, page: int, page_size: int) -> PodPage: ...


class PodExchange(Protocol):
    """The POD's calls for what goes out (our proposals, members' interest) and the interest
    that comes back."""

    async def create_profile(self, draft: PodDraft) -> str: ...
    async def update_profile(self, reference: str, draft: PodDraft) -> str: ...
    async def withdraw_profile(self, reference: str) -> None: ...
    async def send_interest(self, reference: str, *, external_id: str, organisation: str, country: str,
                            contact: str, message: str) -> str: ...
    async def list_interests(self, *, received_since: datetime | None, page: int,
                             page_size: int) -> PodInterestPage: ...


class Lease(Protocol):
    """Held by one process at a time (across replicas and the command line)."""

    async def hold(self) -> bool: ...
    def keep_alive(self) -> asyncio.Task: ...
    async def release(self) -> None: ...


# -- storage ----------------------------------------------------------------------------------


class OfferRepository(Protocol):
    async def get_many(self, references: list[str]) -> dict[str, EenOffer]: ...

    async def add_many(self, offers: list[EenOffer]) -> None: ...

    async def save(self, offer: EenOffer) -> None:
        """Raises ConcurrentModification if it changed since it was read."""


class ExportRepository(Protocol):
    async def get(self, proposal_id: str) -> ProposalExport | None: ...

    async def put(self, export: ProposalExport, previous: ProposalExport | None) -> None:
        """A new proposal version: add it, or replace `previous` (ConcurrentModification if it changed)."""

    async def save_outcome(self, export: ProposalExport) -> None:
        """What the POD answered; the proposal's version is unchanged."""

    async def due(self, limit: int) -> list[ProposalExport]:
        """Waiting for the POD (to publish or to withdraw), the longest waiting first."""

    async def by_pod_reference(self, reference: str) -> ProposalExport | None: ...

    async def ours_among(self, references: list[str]) -> set[str]:
        """Which of these POD references are profiles we published."""


class ForwardRepository(Protocol):
    async def exists(self, interest_id: str) -> bool: ...

    async def get(self, interest_id: str) -> Forward | None: ...

    async def add(self, forward: Forward) -> None: ...

    async def due(self, limit: int) -> list[Forward]:
        """Pending, the longest waiting first."""

    async def save(self, forward: Forward) -> None: ...

    async def erase_sender(self, sender_id: str) -> None:
        """GDPR: nothing of the sender stays, and what had not gone out yet never will."""


class SyncRunRepository(Protocol):
    async def unfinished(self) -> SyncRun | None:
        """The oldest run still marked running (its process died, or it is going on)."""

    async def save(self, run: SyncRun) -> None: ...


class CheckpointRepository(Protocol):
    """Where the next incremental read of one of the POD's lists starts, by name."""

    async def get(self, name: str) -> SyncCheckpoint: ...

    async def save(self, name: str, checkpoint: SyncCheckpoint) -> None: ...


class QuarantineRepository(Protocol):
    async def hold(self, entries: list[Quarantined]) -> None:
        """Keep these for an operator (again, if seen before: counted, and open again)."""

    async def resolve(self, keys: list[str], at: datetime) -> None:
        """Profiles a sync has now taken: no longer waiting for an operator."""


class Context(Protocol):
    """One transaction's view for a handler."""

    offers: OfferRepository
    exports: ExportRepository
    forwards: ForwardRepository
    runs: SyncRunRepository
    checkpoints: CheckpointRepository
    quarantine: QuarantineRepository

    def publish(self, event: IntegrationEvent) -> None: ...
