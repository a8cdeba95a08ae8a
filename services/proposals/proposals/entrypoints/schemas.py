"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from contracts.events import ExportStatus, ProposalKind, ProposalSource
from proposals.domain.model import Interest, InterestStatus, Proposal, ProposalStatus
from servicekit.validation import MultiLineText, SingleLineText


class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ProposalKind
    title: SingleLineText = Field(min_length=5, max_length=200)
    summary: MultiLineText = Field(min_length=1, max_length=2000)
    description: MultiLineText = Field(default="", max_length=20000)
    descriptors: list[str] = Field(min_length=1, max_length=20)
    deadline: date | None = None
    share_with_een: bool = False


class ProposalPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=5, max_length=200)
    summary: MultiLineText | None = Field(default=None, min_length=1, max_length=2000)
    description: MultiLineText | None = Field(default=None, max_length=20000)
    descriptors: list[str] | None = Field(default=None, min_length=1, max_length=20)
    deadline: date | None = None
    share_with_een: bool | None = None


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="withdrawn", pattern="^(withdrawn|fulfilled|expired)$")


class ProposalOut(BaseModel):
    id: str
    owner_id: str | None
    kind: ProposalKind
    title: str
    summary: str
    description: str
    descriptors: list[str]
    source: ProposalSource
    een_reference: str | None = Field(description="the POD profile: the EEN offer it came from, or, for a local "
                                                   "proposal shared with EEN, where it was exported")
    share_with_een: bool
    een_export_status: ExportStatus | None = Field(
        description="for a local proposal shared with EEN: where it stands in the POD (null until exported)")
    een_exported_version: int | None = Field(
        description="the proposal version the POD copy shows; older than `version` while an update is on its way")
    deadline: date | None
    status: ProposalStatus
    closed_reason: str | None
    published_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, p: Proposal) -> ProposalOut:
        return cls(id=p.id, owner_id=p.owner_id, kind=p.kind, title=p.title, summary=p.summary,
                   description=p.description, descriptors=list(p.descriptors), source=p.source,
                   een_reference=p.een_reference, share_with_een=p.share_with_een,
                   een_export_status=p.een_export_status, een_exported_version=p.een_exported_version,
                   deadline=p.deadline, status=p.status, closed_reason=p.closed_reason,
                   published_at=p.published_at, updated_at=p.updated_at, version=p.version)


class InterestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: MultiLineText = Field(min_length=1, max_length=5000)


class DeclineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: MultiLineText | None = Field(default=None, max_length=2000)


class InterestOut(BaseModel):
    id: str
    proposal_id: str
    proposal_title: str
    proposal_owner_id: str | None
    sender_id: str = Field(description='a member\'s id, or "een:<POD interest id>" for an EEN partner')
    sender_organisation: str | None = Field(description="an EEN partner's organisation (null for a member)")
    sender_country: str | None = Field(description="an EEN partner's country (null for a member)")
    message: str
    status: InterestStatus
    created_at: datetime
    decided_at: datetime | None
    decline_reason: str | None
    version: int

    @classmethod
    def of(cls, i: Interest) -> InterestOut:
        return cls(id=i.id, proposal_id=i.proposal_id, proposal_title=i.proposal_title,
                   proposal_owner_id=i.proposal_owner_id, sender_id=i.sender_id,
                   sender_organisation=i.sender_organisation, sender_country=i.sender_country, message=i.message,
                   status=i.status, created_at=i.created_at, decided_at=i.decided_at,
                   decline_reason=i.decline_reason, version=i.version)
