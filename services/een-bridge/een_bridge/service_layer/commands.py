"""Commands: what callers ask the een-bridge to do."""
from dataclasses import dataclass
from datetime import date

from contracts.events import ProposalKind, ProposalSource


@dataclass(frozen=True)
class IngestPodProfile:
    """An operator hands the bridge one POD profile, as the POD describes it."""

    reference: str
    type: str
    title: str
    summary: str
    technology_keywords: list[str]
    market_keywords: list[str]
    nace_codes: list[str]
    country: str
    deadline: date | None
    status: str
    description: str = ""


@dataclass(frozen=True)
class TrackProposalState:
    proposal_id: str
    version: int
    source: ProposalSource
    share_with_een: bool
    kind: ProposalKind
    title: str
    summary: str
    descriptors: list[str]
    deadline: date | None
    description: str = ""


@dataclass(frozen=True)
class TrackProposalClosed:
    proposal_id: str
    version: int


@dataclass(frozen=True)
class RecordEenInterest:
    interest_id: str
    proposal_id: str
    een_reference: str | None
    sender_id: str
    message: str


@dataclass(frozen=True)
class EraseUser:
    user_id: str
