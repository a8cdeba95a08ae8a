"""Events published by the proposals service."""
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent


class ProposalKind(StrEnum):
    # The EEN profile types, so local and EEN-sourced proposals share one vocabulary.
    TECHNOLOGY_OFFER = "technology_offer"
    TECHNOLOGY_REQUEST = "technology_request"
    BUSINESS_OFFER = "business_offer"
    BUSINESS_REQUEST = "business_request"
    RESEARCH_REQUEST = "research_request"


# An expression of interest from an EEN partner (through the POD) has no member behind it:
# its sender_id is this prefix and the POD's interest id.
EEN_SENDER_PREFIX = "een:"


class ProposalSource(StrEnum):
    LOCAL = "local"
    EEN = "een"


class _ProposalState(IntegrationEvent):
    topic: ClassVar[str] = topics.PROPOSALS_PROPOSAL
    subject_field: ClassVar[str] = "proposal_id"

    proposal_id: str
    version: int
    owner_id: str | None  # None for EEN-sourced proposals: POD profiles are anonymous
    kind: ProposalKind
    title: str
    summary: str
    description: str = ""  # added in v1.1 (optional): the bridge exports it to the POD
    descriptors: list[str]
    source: ProposalSource = ProposalSource.LOCAL
    een_reference: str | None = None
    share_with_een: bool = False
    deadline: date | None = None
    published_at: datetime


class ProposalPublished(_ProposalState):
    event_type: ClassVar[str] = "proposals.proposal.published.v1"


class ProposalUpdated(_ProposalState):
    event_type: ClassVar[str] = "proposals.proposal.updated.v1"


class ProposalClosed(IntegrationEvent):
    event_type: ClassVar[str] = "proposals.proposal.closed.v1"
    topic: ClassVar[str] = topics.PROPOSALS_PROPOSAL
    subject_field: ClassVar[str] = "proposal_id"

    proposal_id: str
    version: int
    reason: str  # withdrawn | expired | fulfilled


class _InterestEvent(IntegrationEvent):
    topic: ClassVar[str] = topics.PROPOSALS_INTEREST
    subject_field: ClassVar[str] = "interest_id"

    interest_id: str
    proposal_id: str
    proposal_title: str
    proposal_owner_id: str | None
    proposal_source: ProposalSource = ProposalSource.LOCAL
    een_reference: str | None = None
    sender_id: str


class InterestExpressed(_InterestEvent):
    event_type: ClassVar[str] = "proposals.interest.expressed.v1"

    message: str
    # Set when the interest came from an EEN partner through the POD (sender_id is then
    # "een:<pod interest id>", not a member): who it is, since there is no profile to look up.
    sender_organisation: str | None = None
    sender_country: str | None = None


class InterestAccepted(_InterestEvent):
    event_type: ClassVar[str] = "proposals.interest.accepted.v1"


class InterestDeclined(_InterestEvent):
    event_type: ClassVar[str] = "proposals.interest.declined.v1"

    reason: str | None = None
