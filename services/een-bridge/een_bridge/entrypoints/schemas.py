"""HTTP request and response bodies."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from contracts.events import ProposalKind
from een_bridge.domain.model import (
    EenOffer, ExportState, Forward, ForwardState, Ingested, PodStatus, PodType, ProposalExport,
)

Keyword = Annotated[str, Field(max_length=100)]


class PodProfileIn(BaseModel):
    # POD profiles carry many more fields (contacts, IPR, stage of development, ...) that
    # the bridge does not use yet: ignore them rather than refuse the profile.
    model_config = ConfigDict(extra="ignore")

    reference: str = Field(max_length=32, examples=["TOIT20251010001"])
    type: PodType
    title: str = Field(min_length=1, max_length=500)
    summary: str = Field(default="", max_length=20000)
    technology_keywords: list[Keyword] = Field(default=[], max_length=200)
    market_keywords: list[Keyword] = Field(default=[], max_length=200)
    nace_codes: list[Keyword] = Field(default=[], max_length=200)
    country: str = Field(max_length=8)
    deadline: date | None = None
    status: PodStatus = PodStatus.PUBLISHED


class KeywordMatchOut(BaseModel):
    vocabulary: str
    keyword: str
    codes: list[str]


class MappingOut(BaseModel):
    version: str
    descriptors: list[str]
    unmapped_keywords: list[str]
    matches: list[KeywordMatchOut]


class OfferOut(BaseModel):
    reference: str
    type: PodType
    kind: ProposalKind
    title: str
    summary: str
    technology_keywords: list[str]
    market_keywords: list[str]
    nace_codes: list[str]
    country: str
    deadline: date | None
    status: PodStatus
    content_hash: str
    mapping: MappingOut
    first_seen_at: datetime
    synced_at: datetime
    version: int

    @classmethod
    def of(cls, offer: EenOffer) -> OfferOut:
        p, m = offer.profile, offer.mapping
        return cls(
            reference=p.reference, type=p.type, kind=p.kind, title=p.title, summary=p.summary,
            technology_keywords=list(p.technology_keywords), market_keywords=list(p.market_keywords),
            nace_codes=list(p.nace_codes), country=p.country, deadline=p.deadline, status=p.status,
            content_hash=offer.content_hash,
            mapping=MappingOut(version=m.version, descriptors=m.descriptors, unmapped_keywords=m.unmapped_keywords,
                               matches=[KeywordMatchOut(vocabulary=x.vocabulary.value, keyword=x.keyword,
                                                        codes=list(x.codes)) for x in m.matches]),
            first_seen_at=offer.first_seen_at, synced_at=offer.synced_at, version=offer.version)


class IngestOut(OfferOut):
    changed: bool
    published_event: str | None = Field(description="the CloudEvents type published, if any")

    @classmethod
    def of_ingested(cls, ingested: Ingested) -> IngestOut:
        return cls(**OfferOut.of(ingested.offer).model_dump(), changed=ingested.changed,
                   published_event=ingested.event.event_type if ingested.event else None)


class ExportOut(BaseModel):
    proposal_id: str
    version: int
    state: ExportState
    kind: ProposalKind | None
    title: str | None
    summary: str | None
    descriptors: list[str]
    deadline: date | None
    updated_at: datetime

    @classmethod
    def of(cls, export: ProposalExport) -> ExportOut:
        s = export.snapshot
        return cls(proposal_id=export.proposal_id, version=export.version, state=export.state,
                   kind=s.kind if s else None, title=s.title if s else None, summary=s.summary if s else None,
                   descriptors=list(s.descriptors) if s else [], deadline=s.deadline if s else None,
                   updated_at=export.updated_at)


class ForwardOut(BaseModel):
    interest_id: str
    proposal_id: str
    een_reference: str
    sender_id: str
    message: str
    state: ForwardState
    received_at: datetime

    @classmethod
    def of(cls, forward: Forward) -> ForwardOut:
        return cls(interest_id=forward.interest_id, proposal_id=forward.proposal_id,
                   een_reference=forward.een_reference, sender_id=forward.sender_id, message=forward.message,
                   state=forward.state, received_at=forward.received_at)


class StatusOut(BaseModel):
    offers: dict[str, int] = Field(description="offers by POD status")
    exports: dict[str, int] = Field(description="local proposals waiting to be exported to or withdrawn from the POD")
    forwards: dict[str, int] = Field(description="expressions of interest waiting to be forwarded to the POD")
