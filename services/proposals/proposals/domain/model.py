"""The proposals domain: pure Python, no I/O. Aggregates enforce their own rules and
return the integration events their changes cause."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from contracts.events import (
    InterestAccepted, InterestDeclined, InterestExpressed, ProposalClosed, ProposalKind,
    ProposalPublished, ProposalSource, ProposalUpdated,
)

MAX_DESCRIPTORS = 20


class ProposalRuleViolation(ValueError):
    """A request the rules refuse (HTTP 409/422)."""


class NotAllowed(PermissionError):
    """The caller may not do this to this proposal or interest (HTTP 403)."""


class ProposalStatus(StrEnum):
    PUBLISHED = "published"
    CLOSED = "closed"


class InterestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Proposal:
    id: str
    owner_id: str | None
    kind: ProposalKind
    title: str
    summary: str
    description: str
    descriptors: tuple[str, ...]
    published_at: datetime
    updated_at: datetime
    deadline: date | None = None
    source: ProposalSource = ProposalSource.LOCAL
    een_reference: str | None = None
    een_content_hash: str | None = None
    share_with_een: bool = False
    status: ProposalStatus = ProposalStatus.PUBLISHED
    closed_reason: str | None = None
    version: int = 1

    # -- creation -------------------------------------------------------------------------
    @staticmethod
    def publish(*, proposal_id: str, owner_id: str, kind: ProposalKind, title: str, summary: str,
                description: str, descriptors: list[str], deadline: date | None, share_with_een: bool,
                today: date | None = None) -> tuple[Proposal, ProposalPublished]:
        _check_content(title, descriptors)
        if deadline is not None and deadline < (today or _now().date()):
            raise ProposalRuleViolation("The deadline is in the past.")
        now = _now()
        proposal = Proposal(id=proposal_id, owner_id=owner_id, kind=kind, title=title.strip(),
                            summary=summary.strip(), description=description.strip(),
                            descriptors=_dedupe(descriptors), published_at=now, updated_at=now,
                            deadline=deadline, share_with_een=share_with_een)
        return proposal, ProposalPublished(**proposal._state())

    @staticmethod
    def from_een_offer(*, proposal_id: str, een_reference: str, kind: ProposalKind, title: str, summary: str,
                       descriptors: list[str], deadline: date | None, content_hash: str) -> tuple[Proposal, ProposalPublished]:
        now = _now()
        proposal = Proposal(id=proposal_id, owner_id=None, kind=kind, title=title, summary=summary,
                            description="", descriptors=_dedupe(descriptors), published_at=now, updated_at=now,
                            deadline=deadline, source=ProposalSource.EEN, een_reference=een_reference,
                            een_content_hash=content_hash)
        return proposal, ProposalPublished(**proposal._state())

    # -- changes --------------------------------------------------------------------------
    def revise(self, *, by: str, title: str | None = None, summary: str | None = None,
               description: str | None = None, descriptors: list[str] | None = None,
               deadline: date | None = None, share_with_een: bool | None = None) -> tuple[Proposal, ProposalUpdated]:
        self._check_owner(by)
        self._check_open()
        changed = replace(
            self,
            title=(title.strip() if title is not None else self.title),
            summary=(summary.strip() if summary is not None else self.summary),
            description=(description.strip() if description is not None else self.description),
            descriptors=(_dedupe(descriptors) if descriptors is not None else self.descriptors),
            deadline=(deadline if deadline is not None else self.deadline),
            share_with_een=(share_with_een if share_with_een is not None else self.share_with_een),
            updated_at=_now(), version=self.version + 1,
        )
        _check_content(changed.title, list(changed.descriptors))
        return changed, ProposalUpdated(**changed._state())

    def resync_from_een(self, *, kind: ProposalKind, title: str, summary: str, descriptors: list[str],
                        deadline: date | None, content_hash: str) -> tuple[Proposal, ProposalUpdated | None]:
        """Idempotent by content hash: the same POD content twice changes nothing."""
        if content_hash == self.een_content_hash and self.status is ProposalStatus.PUBLISHED:
            return self, None
        changed = replace(self, kind=kind, title=title, summary=summary, descriptors=_dedupe(descriptors),
                          deadline=deadline, een_content_hash=content_hash, status=ProposalStatus.PUBLISHED,
                          closed_reason=None, updated_at=_now(), version=self.version + 1)
        return changed, ProposalUpdated(**changed._state())

    def close(self, *, reason: str, by: str | None = None) -> tuple[Proposal, ProposalClosed | None]:
        if by is not None:
            self._check_owner(by)
        if self.status is ProposalStatus.CLOSED:
            return self, None
        closed = replace(self, status=ProposalStatus.CLOSED, closed_reason=reason, updated_at=_now(),
                         version=self.version + 1)
        return closed, ProposalClosed(proposal_id=self.id, version=closed.version, reason=reason)

    # -- interest -------------------------------------------------------------------------
    def receive_interest(self, *, interest_id: str, sender_id: str, message: str) -> tuple[Interest, InterestExpressed]:
        self._check_open()
        if sender_id == self.owner_id:
            raise ProposalRuleViolation("You cannot express interest in your own proposal.")
        if not message.strip():
            raise ProposalRuleViolation("Say something to the proposer: the message is empty.")
        interest = Interest(id=interest_id, proposal_id=self.id, proposal_title=self.title,
                            proposal_owner_id=self.owner_id, proposal_source=self.source,
                            een_reference=self.een_reference, sender_id=sender_id, message=message.strip(),
                            created_at=_now())
        return interest, InterestExpressed(**interest._event_fields(), message=interest.message)

    def _check_owner(self, user_id: str) -> None:
        if self.owner_id is None or user_id != self.owner_id:
            raise NotAllowed("Only the proposal's owner can do this.")

    def _check_open(self) -> None:
        if self.status is ProposalStatus.CLOSED:
            raise ProposalRuleViolation("The proposal is closed.")

    def _state(self) -> dict:
        return dict(proposal_id=self.id, version=self.version, owner_id=self.owner_id, kind=self.kind,
                    title=self.title, summary=self.summary, descriptors=list(self.descriptors),
                    source=self.source, een_reference=self.een_reference, share_with_een=self.share_with_een,
                    deadline=self.deadline, published_at=self.published_at)


@dataclass(frozen=True)
class Interest:
    id: str
    proposal_id: str
    proposal_title: str
    proposal_owner_id: str | None
    sender_id: str
    message: str
    created_at: datetime
    proposal_source: ProposalSource = ProposalSource.LOCAL
    een_reference: str | None = None
    status: InterestStatus = InterestStatus.PENDING
    decided_at: datetime | None = None
    decline_reason: str | None = None
    version: int = 1
    history: tuple[tuple[str, datetime], ...] = field(default=())

    def accept(self, *, by: str) -> tuple[Interest, InterestAccepted]:
        decided = self._decide(by, InterestStatus.ACCEPTED, None)
        return decided, InterestAccepted(**decided._event_fields())

    def decline(self, *, by: str, reason: str | None) -> tuple[Interest, InterestDeclined]:
        decided = self._decide(by, InterestStatus.DECLINED, reason)
        return decided, InterestDeclined(**decided._event_fields(), reason=reason)

    def visible_to(self, user_id: str) -> bool:
        return user_id in (self.sender_id, self.proposal_owner_id)

    def _decide(self, by: str, status: InterestStatus, reason: str | None) -> Interest:
        if self.proposal_owner_id is None or by != self.proposal_owner_id:
            raise NotAllowed("Only the proposal's owner can answer an expression of interest.")
        if self.status is not InterestStatus.PENDING:
            raise ProposalRuleViolation(f"This expression of interest was already {self.status.value}.")
        now = _now()
        return replace(self, status=status, decided_at=now, decline_reason=reason, version=self.version + 1,
                       history=self.history + ((status.value, now),))

    def _event_fields(self) -> dict:
        return dict(interest_id=self.id, proposal_id=self.proposal_id, proposal_title=self.proposal_title,
                    proposal_owner_id=self.proposal_owner_id, proposal_source=self.proposal_source,
                    een_reference=self.een_reference, sender_id=self.sender_id)


def _dedupe(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes))


def _check_content(title: str, descriptors: list[str]) -> None:
    if len(title.strip()) < 5:
        raise ProposalRuleViolation("The title needs at least 5 characters.")
    if not descriptors:
        raise ProposalRuleViolation("Tag the proposal with at least one descriptor, so it reaches the right people.")
    if len(set(descriptors)) > MAX_DESCRIPTORS:
        raise ProposalRuleViolation(f"At most {MAX_DESCRIPTORS} descriptors.")
