"""What the proposals handlers need from storage, as ports: the Mongo adapters
(`proposals.adapters.repository`) implement them, the service-layer tests fake them."""
from __future__ import annotations

from typing import Protocol

from contracts.events import IntegrationEvent
from proposals.domain.model import Interest, Proposal


class ProposalRepository(Protocol):
    async def add(self, proposal: Proposal) -> None: ...

    async def get(self, proposal_id: str) -> Proposal | None: ...

    async def get_by_een_reference(self, reference: str) -> Proposal | None:
        """The proposal standing for this POD profile: EEN-sourced, or one of ours exported
        there (the reference is unique across both). Callers check which by its `source`."""

    async def save(self, proposal: Proposal, *, previous_version: int | None = None) -> None:
        """Optimistic: the stored version must be the one before this change (by default
        the proposal's version minus one; the same version for a change that keeps it).
        Raises ConcurrentModification otherwise."""

    async def owned_by(self, owner_id: str) -> list[Proposal]:
        """The owner's published proposals."""


class InterestRepository(Protocol):
    async def add(self, interest: Interest) -> None:
        """Raises AlreadyExists when this sender already expressed interest in this proposal."""

    async def get(self, interest_id: str) -> Interest | None: ...

    async def find(self, proposal_id: str, sender_id: str) -> Interest | None: ...

    async def save(self, interest: Interest) -> None: ...

    async def redact_sender(self, sender_id: str) -> int: ...


class Context(Protocol):
    """One transaction's view for a handler."""

    proposals: ProposalRepository
    interests: InterestRepository

    def publish(self, event: IntegrationEvent) -> None: ...
