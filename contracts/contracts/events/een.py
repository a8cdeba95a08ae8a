"""Events published by the een-bridge: the rest of the platform sees EEN partnering
opportunities only through these."""
from datetime import date
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
    """An expression of interest that arrived from the POD on a proposal we exported."""

    event_type: ClassVar[str] = "een.interest.received.v1"
    topic: ClassVar[str] = topics.EEN_INTEREST
    subject_field: ClassVar[str] = "proposal_id"

    proposal_id: str
    pod_interest_id: str
    sender_organisation: str
    sender_country: str
    message: str
