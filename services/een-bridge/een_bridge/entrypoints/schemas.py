"""HTTP request and response bodies."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from contracts.events import ProposalKind
from een_bridge.domain.sync import RunStatus, SyncCursor, SyncMode, SyncRun
from een_bridge.domain.model import (
    EenOffer, ExportState, Forward, ForwardState, Ingested, PodStatus, PodType, ProposalExport,
)
from servicekit.validation import MultiLineText, SingleLineText

Keyword = Annotated[SingleLineText, Field(max_length=100)]


class PodProfileIn(BaseModel):
    # POD profiles carry many more fields (contacts, IPR, stage of development, ...) that
    # the bridge does not use yet: ignore them rather than refuse the profile.
    model_config = ConfigDict(extra="ignore")

    reference: SingleLineText = Field(max_length=32, examples=["TOIT20251010001"])
    type: PodType
    title: SingleLineText = Field(min_length=1, max_length=500)
    summary: MultiLineText = Field(default="", max_length=20000)
    technology_keywords: list[Keyword] = Field(default=[], max_length=200)
    market_keywords: list[Keyword] = Field(default=[], max_length=200)
    nace_codes: list[Keyword] = Field(default=[], max_length=200)
    country: SingleLineText = Field(max_length=8)
    deadline: date | None = None
    status: PodStatus = PodStatus.PUBLISHED
    description: MultiLineText = Field(default="", max_length=50000)


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
    pod_reference: str | None = Field(description="the POD profile that stands for this proposal")
    attempts: int = Field(description="failed tries since the last success")
    last_error: str | None

    @classmethod
    def of(cls, export: ProposalExport) -> ExportOut:
        s = export.snapshot
        return cls(proposal_id=export.proposal_id, version=export.version, state=export.state,
                   kind=s.kind if s else None, title=s.title if s else None, summary=s.summary if s else None,
                   descriptors=list(s.descriptors) if s else [], deadline=s.deadline if s else None,
                   updated_at=export.updated_at, pod_reference=export.pod_reference, attempts=export.attempts,
                   last_error=export.last_error)


class ForwardOut(BaseModel):
    interest_id: str
    proposal_id: str
    een_reference: str
    sender_id: str
    message: str
    state: ForwardState
    received_at: datetime
    pod_interest_id: str | None
    last_error: str | None

    @classmethod
    def of(cls, forward: Forward) -> ForwardOut:
        return cls(interest_id=forward.interest_id, proposal_id=forward.proposal_id,
                   een_reference=forward.een_reference, sender_id=forward.sender_id, message=forward.message,
                   state=forward.state, received_at=forward.received_at, pod_interest_id=forward.pod_interest_id,
                   last_error=forward.last_error)


class SyncRequestIn(BaseModel):
    mode: SyncMode = Field(default=SyncMode.INCREMENTAL,
                           description="full: the whole POD; incremental: what changed since the last checkpoint")


class CursorOut(BaseModel):
    last_update: datetime
    reference: str

    @classmethod
    def of(cls, cursor: SyncCursor | None) -> CursorOut | None:
        return None if cursor is None else cls(last_update=cursor.last_update, reference=cursor.reference)


class CountsOut(BaseModel):
    created: int
    updated: int
    closed: int
    unchanged: int
    quarantined: int
    skipped_own: int = Field(description="our own exported profiles, never imported back")
    pages: int


class SyncRunOut(BaseModel):
    id: str
    mode: SyncMode
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    cursor: CursorOut | None = Field(description="the last POD profile this run handled, in the POD's order")
    counts: CountsOut
    pod_total: int | None = Field(description="profiles the POD listed for this run when it started")
    errors: list[str]
    skipped_pages: list[int]
    resumed: int = Field(description="times the run was taken up again after its process died")

    @classmethod
    def of(cls, run: SyncRun) -> SyncRunOut:
        return cls(id=run.id, mode=run.mode, status=run.status, started_at=run.started_at,
                   finished_at=run.finished_at, cursor=CursorOut.of(run.cursor),
                   counts=CountsOut(**asdict(run.counts)), pod_total=run.pod_total, errors=list(run.errors),
                   skipped_pages=list(run.skipped_pages), resumed=run.resumed)


class QuarantinedOut(BaseModel):
    key: str = Field(description="the POD reference as written, or the page of an unreadable answer")
    reason: str
    excerpt: str
    run_id: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    times_seen: int
    resolved_at: datetime | None

    @classmethod
    def of(cls, doc: dict) -> QuarantinedOut:
        return cls(key=doc["_id"], **{k: doc.get(k) for k in cls.model_fields if k != "key"})


class PodStatusOut(BaseModel):
    configured: bool
    base_url: str | None
    circuit: str = Field(description="closed | open | half_open")
    consecutive_failures: int
    times_opened: int


class StatusOut(BaseModel):
    offers: dict[str, int] = Field(description="offers by POD status")
    exports: dict[str, int] = Field(description="local proposals by export state")
    forwards: dict[str, int] = Field(description="expressions of interest in EEN offers by forwarding state")
    pod: PodStatusOut
    checkpoint: CursorOut | None = Field(description="where the next incremental sync starts")
    interests_checkpoint: CursorOut | None
    last_run: SyncRunOut | None
    quarantined: int = Field(description="profiles or answers waiting for an operator")
