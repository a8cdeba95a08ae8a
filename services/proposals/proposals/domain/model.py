"""The proposals domain: pure Python, no I/O. Aggregates enforce their own rules and
return the integration events their changes cause."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from contracts.events import (
    EEN_SENDER_PREFIX, ExportStatus, InterestAccepted, InterestDeclined, InterestExpressed, ProposalClosed, ProposalKind,
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
    # Where a LOCAL proposal shared with EEN stands in the POD (its POD reference is
    # `een_reference`), as the bridge last reported it for version `een_exported_version`.
    een_export_status: ExportStatus | None = None
    een_exported_version: int | None = None
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
                       descriptors: list[str], deadline: date | None, content_hash: str,
                       description: str = "") -> tuple[Proposal, ProposalPublished]:
        now = _now()
        proposal = Proposal(id=proposal_id, owner_id=None, kind=kind, title=title, summary=summary,
                            description=description, descriptors=_dedupe(descriptors), published_at=now, updated_at=now,
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
                        deadline: date | None, content_hash: str,
                        description: str = "") -> tuple[Proposal, ProposalUpdated | None]:
        """Idempotent by content hash: the same POD content twice changes nothing."""
        if content_hash == self.een_content_hash and self.status is ProposalStatus.PUBLISHED:
            return self, None
        changed = replace(self, kind=kind, title=title, summary=summary, description=description,
                          descriptors=_dedupe(descriptors),
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
        return self._new_interest(interest_id, sender_id, message)

    def receive_een_interest(self, *, interest_id: str, pod_interest_id: str, organisation: str, country: str,
                             message: str) -> tuple[Interest, InterestExpressed]:
        """An EEN partner's expression of interest, through the POD, in this proposal we
        exported: an ordinary interest the owner answers like any other, from a sender who is
        not a member but an organisation. Only local proposals are exported, so only they
        receive these; a closed proposal receives none (its POD copy is being withdrawn). The
        message may be empty: the POD does not insist, and the interest counts all the same."""
        if self.source is not ProposalSource.LOCAL:
            raise ProposalRuleViolation("Only a local proposal exported to EEN receives interest through the POD.")
        self._check_open()
        return self._new_interest(interest_id, een_sender_id(pod_interest_id), message,
                                  organisation=organisation.strip(), country=country.strip())

    def _new_interest(self, interest_id: str, sender_id: str, message: str, *, organisation: str | None = None,
                      country: str | None = None) -> tuple[Interest, InterestExpressed]:
        interest = Interest(id=interest_id, proposal_id=self.id, proposal_title=self.title,
                            proposal_owner_id=self.owner_id, proposal_source=self.source,
                            een_reference=self.een_reference, sender_id=sender_id, message=message.strip(),
                            created_at=_now(), sender_organisation=organisation, sender_country=country)
        return interest, InterestExpressed(**interest._event_fields(), message=interest.message,
                                           sender_organisation=organisation, sender_country=country)

    # -- the POD copy ---------------------------------------------------------------------
    def record_een_export(self, *, een_reference: str, status: ExportStatus, proposal_version: int) -> Proposal:
        """What the bridge reports of this proposal's copy in the POD. Bookkeeping, not a
        change of the proposal: no event and no new version, on purpose. A ProposalUpdated
        here would make the bridge export the proposal again, report again, and so on forever.
        Reports can arrive late: one about an older version than the recorded one is ignored
        (the same proposal comes back unchanged), as is one about a proposal we did not export.
        One about the recorded version applies: the POD copy's status may change without a new
        version of the proposal."""
        if self.source is not ProposalSource.LOCAL:
            return self
        if self.een_exported_version is not None and proposal_version < self.een_exported_version:
            return self
        return replace(self, een_reference=een_reference, een_export_status=status,
                       een_exported_version=proposal_version)

    def _check_owner(self, user_id: str) -> None:
        if self.owner_id is None or user_id != self.owner_id:
            raise NotAllowed("Only the proposal's owner can do this.")

    def _check_open(self) -> None:
        if self.status is ProposalStatus.CLOSED:
            raise ProposalRuleViolation("The proposal is closed.")

    def _state(self) -> dict:
        return dict(proposal_id=self.id, version=self.version, owner_id=self.owner_id, kind=self.kind,
                    title=self.title, summary=self.summary, description=self.description,
                    descriptors=list(self.descriptors), source=self.source, een_reference=self.een_reference,
                    share_with_een=self.share_with_een, deadline=self.deadline, published_at=self.published_at)


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
    # Who an EEN partner is (sender "een:<POD interest id>"): there is no profile to look up.
    sender_organisation: str | None = None
    sender_country: str | None = None
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


def een_sender_id(pod_interest_id: str) -> str:
    return f"{EEN_SENDER_PREFIX}{pod_interest_id}"


def _dedupe(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes))


def _check_content(title: str, descriptors: list[str]) -> None:
    if len(title.strip()) < 5:
        raise ProposalRuleViolation("The title needs at least 5 characters.")
    if not descriptors:
        raise ProposalRuleViolation("Tag the proposal with at least one descriptor, so it reaches the right people.")
    if len(set(descriptors)) > MAX_DESCRIPTORS:
        raise ProposalRuleViolation(f"At most {MAX_DESCRIPTORS} descriptors.")
