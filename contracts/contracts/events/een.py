"""Events published by the een-bridge: the rest of the platform sees EEN partnering
opportunities only through these."""
from datetime import date
from enum import StrEnum
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent
from contracts.events.proposals import ProposalKind


class EenOfferSynced(IntegrationEvent):
    """Current state of one POD profile (created or changed)."""

    event_type: ClassVar[str] = "een.offer.synced.v1"
    topic: ClassVar[str] = topics.EEN_OFFER
    subject_field: ClassVar[str] = "een_reference"

    een_reference: str
    kind: ProposalKind
    title: str
    summary: str
    description: str = ""             # added in v1.1 (optional): the POD's sections as one text
    descriptors: list[str]            # mapped onto the platform taxonomy
    unmapped_keywords: list[str] = []  # kept, not dropped
    country: str
    deadline: date | None = None
    content_hash: str


class EenOfferClosed(IntegrationEvent):
    event_type: ClassVar[str] = "een.offer.closed.v1"
    topic: ClassVar[str] = topics.EEN_OFFER
    subject_field: ClassVar[str] = "een_reference"

    een_reference: str
    reason: str  # expired | withdrawn


class EenInterestReceived(IntegrationEvent):
    """An expression of interest that arrived from the POD on a proposal we exported.
    The proposals service turns it into an ordinary expression of interest."""

    event_type: ClassVar[str] = "een.interest.received.v1"
    topic: ClassVar[str] = topics.EEN_INTEREST
    subject_field: ClassVar[str] = "proposal_id"

    proposal_id: str
    een_reference: str | None = None   # the POD profile the interest was sent to
    pod_interest_id: str               # unique in the POD: consumers deduplicate on it
    sender_organisation: str
    sender_country: str
    message: str


class ExportStatus(StrEnum):
    PUBLISHED = "published"   # created or updated in the POD
    WITHDRAWN = "withdrawn"   # withdrawn from the POD (proposal closed or no longer shared)


class EenProposalExported(IntegrationEvent):
    """A local proposal shared with EEN now stands in the POD as `een_reference` (as of the
    proposal's `proposal_version`), or was withdrawn from it."""

    event_type: ClassVar[str] = "een.proposal.exported.v1"
    topic: ClassVar[str] = topics.EEN_EXPORT
    subject_field: ClassVar[str] = "proposal_id"

    proposal_id: str
    proposal_version: int
    een_reference: str
    status: ExportStatus
