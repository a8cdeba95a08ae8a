"""Commands: what callers ask the een-bridge to do, and the steps of its exchanges with the POD."""
from dataclasses import dataclass
from datetime import date

from contracts.events import ProposalKind, ProposalSource
from een_bridge.domain.model import Forward
from een_bridge.domain.sync import SyncCursor, SyncMode, SyncRun
from een_bridge.service_layer.ports import PodInterest, PodPage


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


# -- the steps of the orchestrations with the POD (`sync`, `exchange`): each records, in one
# transaction, what the POD listed or answered, which was called outside any transaction.


@dataclass(frozen=True)
class OpenSyncRun:
    mode: SyncMode


@dataclass(frozen=True)
class RecordSyncPage:
    run: SyncRun
    page: PodPage
    page_full: bool  # as many entries as asked for: the POD may have more


@dataclass(frozen=True)
class SkipSyncPage:
    """The POD's answer for the run's next page cannot be read, even after retries."""

    run: SyncRun
    reason: str
    excerpt: str


@dataclass(frozen=True)
class FinishSyncRun:
    run: SyncRun  # completed or failed


@dataclass(frozen=True)
class RecordExportPublished:
    proposal_id: str
    pushed_version: int
    pod_reference: str


@dataclass(frozen=True)
class RecordExportWithdrawn:
    proposal_id: str
    pushed_version: int


@dataclass(frozen=True)
class RecordExportRefused:
    proposal_id: str
    reason: str


@dataclass(frozen=True)
class RecordForwardOutcome:
    outcome: Forward  # forwarded or refused


@dataclass(frozen=True)
class RecordPodInterests:
    interests: list[PodInterest]  # those of the page not seen before
    cursor: SyncCursor | None     # where the interests checkpoint moves
