"""The een-bridge domain: pure Python, no I/O.

- `PodProfile`: one POD partnering profile, validated and normalised, with its content hash.
- `EenOffer`: what the bridge knows of a POD profile; ingesting a profile decides which
  integration event (if any) the rest of the platform must see.
- `ProposalExport`: a local proposal's way towards the POD (shared, or to be withdrawn).
- `Forward`: a member's expression of interest in an EEN offer, waiting to go to the POD.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from contracts.events import EenOfferClosed, EenOfferSynced, ProposalKind
from een_bridge.domain.mapping import KeywordMapping

# POD references: profile type, the country of the EEN partner that wrote it, the date
# (YYYYMMDD) and a 3-digit sequence, e.g. TOIT20251010001.
_REFERENCE = re.compile(r"(?P<type>TO|TR|BO|BR|RDR)(?P<country>[A-Z]{2})(?P<date>[0-9]{8})(?P<sequence>[0-9]{3})")
_COUNTRY = re.compile(r"[A-Z]{2}")
_WHITESPACE = re.compile(r"\s+")


class InvalidPodProfile(ValueError):
    """A POD profile the bridge cannot accept (HTTP 422)."""


class InvalidForward(ValueError):
    """An expression of interest that cannot be forwarded to the POD."""


class PodType(StrEnum):
    TECHNOLOGY_OFFER = "TO"
    TECHNOLOGY_REQUEST = "TR"
    BUSINESS_OFFER = "BO"
    BUSINESS_REQUEST = "BR"
    RESEARCH_REQUEST = "RDR"

    @property
    def kind(self) -> ProposalKind:
        return ProposalKind[self.name]


class PodStatus(StrEnum):
    PUBLISHED = "published"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        return self is not PodStatus.PUBLISHED


def _now() -> datetime:
    return datetime.now(UTC)


def _text(value: str) -> str:
    return _WHITESPACE.sub(" ", value).strip()


def _keywords(values: list[str]) -> tuple[str, ...]:
    """Order and repetition carry no meaning in POD keyword lists."""
    return tuple(sorted({_text(v) for v in values} - {""}))


def validate_reference(reference: str) -> tuple[PodType, str]:
    """The reference, normalised, and the profile type it encodes; InvalidPodProfile otherwise."""
    normalised = reference.strip().upper()
    match = _REFERENCE.fullmatch(normalised)
    if match is None:
        raise InvalidPodProfile(
            f"{reference!r} is not a POD reference: expected type (TO|TR|BO|BR|RDR), 2-letter country, "
            "date YYYYMMDD and a 3-digit sequence, e.g. TOIT20251010001.")
    try:
        datetime.strptime(match["date"], "%Y%m%d")
    except ValueError as exc:
        raise InvalidPodProfile(f"{reference!r}: {match['date']} is not a date.") from exc
    return PodType(match["type"]), normalised


@dataclass(frozen=True)
class PodProfile:
    reference: str
    type: PodType
    title: str
    summary: str
    technology_keywords: tuple[str, ...]
    market_keywords: tuple[str, ...]
    nace_codes: tuple[str, ...]
    country: str
    deadline: date | None
    status: PodStatus

    @staticmethod
    def normalised(*, reference: str, type: str, title: str, summary: str, technology_keywords: list[str],
                   market_keywords: list[str], nace_codes: list[str], country: str, deadline: date | None,
                   status: str) -> PodProfile:
        try:
            pod_type, pod_status = PodType(type), PodStatus(status)
        except ValueError as exc:
            raise InvalidPodProfile(str(exc)) from exc
        reference_type, reference = validate_reference(reference)
        if reference_type is not pod_type:
            raise InvalidPodProfile(f"Reference {reference} is a {reference_type.value} profile, not {pod_type.value}.")
        country = country.strip().upper()
        if not _COUNTRY.fullmatch(country):
            raise InvalidPodProfile(f"{country!r} is not a 2-letter country code.")
        if not _text(title):
            raise InvalidPodProfile("The profile has no title.")
        return PodProfile(reference=reference, type=pod_type, title=_text(title), summary=_text(summary),
                          technology_keywords=_keywords(technology_keywords),
                          market_keywords=_keywords(market_keywords),
                          nace_codes=tuple(sorted({_text(c).upper() for c in nace_codes} - {""})),
                          country=country, deadline=deadline, status=pod_status)

    @property
    def kind(self) -> ProposalKind:
        return self.type.kind

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the normalised profile: the same content always
        hashes the same, however the POD ordered keys or spaced its text."""
        canonical = {
            "reference": self.reference, "type": self.type.value, "title": self.title, "summary": self.summary,
            "technology_keywords": list(self.technology_keywords), "market_keywords": list(self.market_keywords),
            "nace_codes": list(self.nace_codes), "country": self.country,
            "deadline": self.deadline.isoformat() if self.deadline else None, "status": self.status.value,
        }
        encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


OfferEvent = EenOfferSynced | EenOfferClosed


@dataclass(frozen=True)
class EenOffer:
    profile: PodProfile
    content_hash: str
    mapping: KeywordMapping
    first_seen_at: datetime
    synced_at: datetime
    version: int = 1

    @property
    def reference(self) -> str:
        return self.profile.reference

    @staticmethod
    def ingest(existing: EenOffer | None, profile: PodProfile, mapping: KeywordMapping,
               now: datetime | None = None) -> Ingested:
        """Store what changed and say what the platform must hear: the same content twice
        changes nothing; a published profile is synced; a closed one is closed once."""
        content_hash = profile.content_hash()
        if existing is not None and existing.content_hash == content_hash:
            return Ingested(existing, changed=False, event=None)
        now = now or _now()
        if existing is None:
            offer = EenOffer(profile=profile, content_hash=content_hash, mapping=mapping, first_seen_at=now,
                             synced_at=now)
        else:
            offer = replace(existing, profile=profile, content_hash=content_hash, mapping=mapping, synced_at=now,
                            version=existing.version + 1)
        return Ingested(offer, changed=True, event=offer._event_after(existing))

    def _event_after(self, previous: EenOffer | None) -> OfferEvent | None:
        if not self.profile.status.closed:
            return EenOfferSynced(
                een_reference=self.reference, kind=self.profile.kind, title=self.profile.title,
                summary=self.profile.summary, descriptors=self.mapping.descriptors,
                unmapped_keywords=self.mapping.unmapped_keywords, country=self.profile.country,
                deadline=self.profile.deadline, content_hash=self.content_hash)
        # Closing is news only for an offer the platform was told is open.
        if previous is None or previous.profile.status.closed:
            return None
        return EenOfferClosed(een_reference=self.reference, reason=self.profile.status.value)


@dataclass(frozen=True)
class Ingested:
    offer: EenOffer
    changed: bool
    event: OfferEvent | None


class ExportState(StrEnum):
    NOT_SHARED = "not_shared"              # kept only to recognise stale versions
    PENDING_EXPORT = "pending_export"      # to be created or updated in the POD
    WITHDRAW_PENDING = "withdraw_pending"  # closed or unshared after being shared: to be withdrawn


@dataclass(frozen=True)
class ExportSnapshot:
    """What the POD profile will be made of; kept only while the proposal is shared."""

    kind: ProposalKind
    title: str
    summary: str
    descriptors: tuple[str, ...]
    deadline: date | None


@dataclass(frozen=True)
class ProposalExport:
    proposal_id: str
    version: int
    state: ExportState
    snapshot: ExportSnapshot | None
    updated_at: datetime

    @staticmethod
    def observe_state(existing: ProposalExport | None, *, proposal_id: str, version: int, share_with_een: bool,
                      snapshot: ExportSnapshot, now: datetime | None = None) -> ProposalExport | None:
        """The proposal as of `version`; None when that version is not newer than what we hold."""
        if existing is not None and version <= existing.version:
            return None
        if share_with_een:
            state, kept = ExportState.PENDING_EXPORT, snapshot
        elif existing is not None and existing.state is not ExportState.NOT_SHARED:
            state, kept = ExportState.WITHDRAW_PENDING, existing.snapshot
        else:
            state, kept = ExportState.NOT_SHARED, None
        return ProposalExport(proposal_id=proposal_id, version=version, state=state, snapshot=kept,
                              updated_at=now or _now())

    def observe_closed(self, version: int, now: datetime | None = None) -> ProposalExport | None:
        if version <= self.version:
            return None
        state = ExportState.NOT_SHARED if self.state is ExportState.NOT_SHARED else ExportState.WITHDRAW_PENDING
        return replace(self, version=version, state=state, updated_at=now or _now())


class ForwardState(StrEnum):
    PENDING = "pending"
    CANCELLED = "cancelled"  # the sender was erased before it went out


@dataclass(frozen=True)
class Forward:
    interest_id: str
    proposal_id: str
    een_reference: str
    sender_id: str
    message: str
    received_at: datetime
    state: ForwardState = ForwardState.PENDING

    @staticmethod
    def receive(*, interest_id: str, proposal_id: str, een_reference: str | None, sender_id: str, message: str,
                now: datetime | None = None) -> Forward:
        if not een_reference:
            raise InvalidForward(f"Interest {interest_id} is on an EEN proposal without a POD reference.")
        return Forward(interest_id=interest_id, proposal_id=proposal_id, een_reference=een_reference,
                       sender_id=sender_id, message=message, received_at=now or _now())
