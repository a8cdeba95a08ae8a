"""Commands: what callers ask the proposals service to do."""
from dataclasses import dataclass
from datetime import date

from contracts.events import ExportStatus, ProposalKind


@dataclass(frozen=True)
class PublishProposal:
    owner_id: str
    kind: ProposalKind
    title: str
    summary: str
    description: str
    descriptors: list[str]
    deadline: date | None = None
    share_with_een: bool = False


@dataclass(frozen=True)
class ReviseProposal:
    proposal_id: str
    by: str
    expected_version: int | None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    descriptors: list[str] | None = None
    deadline: date | None = None
    share_with_een: bool | None = None


@dataclass(frozen=True)
class CloseProposal:
    proposal_id: str
    by: str
    reason: str = "withdrawn"


@dataclass(frozen=True)
class ExpressInterest:
    proposal_id: str
    sender_id: str
    message: str


@dataclass(frozen=True)
class AnswerInterest:
    interest_id: str
    by: str
    accept: bool
    reason: str | None = None


@dataclass(frozen=True)
class SyncEenOffer:
    een_reference: str
    kind: ProposalKind
    title: str
    summary: str
    descriptors: list[str]
    deadline: date | None
    content_hash: str
    description: str = ""


@dataclass(frozen=True)
class CloseEenOffer:
    een_reference: str
    reason: str


@dataclass(frozen=True)
class RecordEenExport:
    proposal_id: str
    proposal_version: int
    een_reference: str
    status: ExportStatus


@dataclass(frozen=True)
class ReceiveEenInterest:
    proposal_id: str
    pod_interest_id: str
    sender_organisation: str
    sender_country: str
    message: str


@dataclass(frozen=True)
class EraseUser:
    user_id: str
