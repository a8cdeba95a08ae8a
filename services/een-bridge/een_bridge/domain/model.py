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
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from contracts.events import EenOfferClosed, EenOfferSynced, EenProposalExported, ExportStatus, ProposalKind
from een_bridge.domain.mapping import KeywordMapping, PodKeywords

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


def _paragraphs(value: str) -> str:
    """Free text keeps its paragraphs; runs of spaces inside them carry no meaning."""
    paragraphs = (_text(p) for p in re.split(r"\n\s*\n", value.replace("\r\n", "\n")))
    return "\n\n".join(p for p in paragraphs if p)


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
class Organisation:
    """A kind of organisation, never a name: POD profiles are anonymous."""

    type: str = ""
    size: str = ""


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
    description: str = ""
    advantages: str = ""
    stage_of_development: str = ""
    ipr_status: str = ""
    partnership_types: tuple[str, ...] = ()
    partner_sought: Organisation = Organisation()
    partner_role: str = ""
    client: Organisation = Organisation()
    published_at: date | None = None
    # When the POD last changed it: orders the sync, but is not content (not hashed).
    last_update: datetime | None = None

    @staticmethod
    def normalised(*, reference: str, type: str, title: str, summary: str, technology_keywords: list[str],
                   market_keywords: list[str], nace_codes: list[str], country: str, deadline: date | None,
                   status: str, description: str = "", advantages: str = "", stage_of_development: str = "",
                   ipr_status: str = "", partnership_types: list[str] = (), partner_sought: Organisation = Organisation(),
                   partner_role: str = "", client: Organisation = Organisation(), published_at: date | None = None,
                   last_update: datetime | None = None) -> PodProfile:
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
                          country=country, deadline=deadline, status=pod_status,
                          description=_paragraphs(description), advantages=_paragraphs(advantages),
                          stage_of_development=_text(stage_of_development), ipr_status=_text(ipr_status),
                          partnership_types=_keywords(list(partnership_types)),
                          partner_sought=Organisation(_text(partner_sought.type), _text(partner_sought.size)),
                          partner_role=_paragraphs(partner_role),
                          client=Organisation(_text(client.type), _text(client.size)),
                          published_at=published_at, last_update=last_update)

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
            "description": self.description, "advantages": self.advantages,
            "stage_of_development": self.stage_of_development, "ipr_status": self.ipr_status,
            "partnership_types": list(self.partnership_types), "partner_sought": asdict(self.partner_sought),
            "partner_role": self.partner_role, "client": asdict(self.client),
            "published_at": self.published_at.isoformat() if self.published_at else None,
        }
        encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def platform_description(self) -> str:
        """The POD's structured sections as one readable text for the platform's proposal."""
        sections = [
            ("", self.description),
            ("Advantages and innovations", self.advantages),
            ("Stage of development", self.stage_of_development),
            ("IPR status", self.ipr_status),
            ("Partnership considered", "; ".join(self.partnership_types)),
            ("Partner sought", ", ".join(filter(None, (self.partner_sought.type, self.partner_sought.size,
                                                       self.partner_role)))),
            ("Client", ", ".join(filter(None, (self.client.type, self.client.size)))),
        ]
        return "\n\n".join(f"{title}: {text}" if title else text for title, text in sections if text)


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
                summary=self.profile.summary, description=self.profile.platform_description(),
                descriptors=self.mapping.descriptors,
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


class SyncOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    CLOSED = "closed"
    UNCHANGED = "unchanged"


def outcome_of(ingested: Ingested) -> SyncOutcome:
    """What one ingested profile meant to the platform (a profile first seen already closed
    is stored but nobody needs to hear of it: unchanged)."""
    if isinstance(ingested.event, EenOfferClosed):
        return SyncOutcome.CLOSED
    if isinstance(ingested.event, EenOfferSynced):
        return SyncOutcome.CREATED if ingested.offer.version == 1 else SyncOutcome.UPDATED
    return SyncOutcome.UNCHANGED


class ExportState(StrEnum):
    NOT_SHARED = "not_shared"              # kept only to recognise stale versions
    PENDING_EXPORT = "pending_export"      # to be created or updated in the POD
    EXPORTED = "exported"                  # the POD has the latest shared version
    WITHDRAW_PENDING = "withdraw_pending"  # closed or unshared after being exported: to be withdrawn
    WITHDRAWN = "withdrawn"                # withdrawn from the POD


@dataclass(frozen=True)
class ExportSnapshot:
    """What the POD profile will be made of; kept only while the proposal is shared."""

    kind: ProposalKind
    title: str
    summary: str
    descriptors: tuple[str, ...]
    deadline: date | None
    description: str = ""


@dataclass(frozen=True)
class ProposalExport:
    proposal_id: str
    version: int
    state: ExportState
    snapshot: ExportSnapshot | None
    updated_at: datetime
    pod_reference: str | None = None
    attempts: int = 0
    last_error: str | None = None

    @staticmethod
    def observe_state(existing: ProposalExport | None, *, proposal_id: str, version: int, share_with_een: bool,
                      snapshot: ExportSnapshot, now: datetime | None = None) -> ProposalExport | None:
        """The proposal as of `version`; None when that version is not newer than what we hold."""
        if existing is not None and version <= existing.version:
            return None
        if share_with_een:
            # A withdrawn POD profile cannot come back: sharing again publishes a new one.
            reference = existing.pod_reference if existing and existing.state is not ExportState.WITHDRAWN else None
            return ProposalExport(proposal_id=proposal_id, version=version, state=ExportState.PENDING_EXPORT,
                                  snapshot=snapshot, updated_at=now or _now(), pod_reference=reference)
        if existing is None:
            return ProposalExport(proposal_id=proposal_id, version=version, state=ExportState.NOT_SHARED,
                                  snapshot=None, updated_at=now or _now())
        return existing._unshared(version, now)

    def observe_closed(self, version: int, now: datetime | None = None) -> ProposalExport | None:
        if version <= self.version:
            return None
        return self._unshared(version, now)

    def _unshared(self, version: int, now: datetime | None) -> ProposalExport:
        if self.state is ExportState.WITHDRAWN:
            state = ExportState.WITHDRAWN
        elif self.pod_reference is not None:
            state = ExportState.WITHDRAW_PENDING
        else:
            state = ExportState.NOT_SHARED  # it never reached the POD: nothing to withdraw
        return replace(self, version=version, state=state, updated_at=now or _now(), attempts=0, last_error=None)

    # -- what the POD answered -------------------------------------------------------------
    def published(self, pod_reference: str, pushed_version: int,
                  now: datetime | None = None) -> tuple[ProposalExport, EenProposalExported]:
        """The POD holds `pushed_version` as `pod_reference`. A newer version that arrived
        meanwhile stays pending (with the reference, so it becomes an update)."""
        state = ExportState.EXPORTED if pushed_version == self.version else self.state
        if state is ExportState.NOT_SHARED:  # unshared while the create was on its way
            state = ExportState.WITHDRAW_PENDING
        done = replace(self, state=state, pod_reference=pod_reference, updated_at=now or _now(), attempts=0,
                       last_error=None)
        return done, EenProposalExported(proposal_id=self.proposal_id, proposal_version=pushed_version,
                                         een_reference=pod_reference, status=ExportStatus.PUBLISHED)

    def withdrawn(self, pushed_version: int, now: datetime | None = None) -> tuple[ProposalExport, EenProposalExported]:
        reference = self.pod_reference or ""
        if self.state is ExportState.PENDING_EXPORT:  # shared again meanwhile: a new POD profile
            done = replace(self, pod_reference=None, updated_at=now or _now(), attempts=0, last_error=None)
        else:
            done = replace(self, state=ExportState.WITHDRAWN, updated_at=now or _now(), attempts=0, last_error=None)
        return done, EenProposalExported(proposal_id=self.proposal_id, proposal_version=pushed_version,
                                         een_reference=reference, status=ExportStatus.WITHDRAWN)

    def failed(self, reason: str, now: datetime | None = None) -> ProposalExport:
        return replace(self, attempts=self.attempts + 1, last_error=reason[:500], updated_at=now or _now())


class ForwardState(StrEnum):
    PENDING = "pending"
    FORWARDED = "forwarded"  # the POD accepted it
    REFUSED = "refused"      # the POD will not take it (e.g. the profile is no longer published)
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
    pod_interest_id: str | None = None
    attempts: int = 0
    last_error: str | None = None

    @staticmethod
    def receive(*, interest_id: str, proposal_id: str, een_reference: str | None, sender_id: str, message: str,
                now: datetime | None = None) -> Forward:
        if not een_reference:
            raise InvalidForward(f"Interest {interest_id} is on an EEN proposal without a POD reference.")
        return Forward(interest_id=interest_id, proposal_id=proposal_id, een_reference=een_reference,
                       sender_id=sender_id, message=message, received_at=now or _now())

    def forwarded(self, pod_interest_id: str) -> Forward:
        return replace(self, state=ForwardState.FORWARDED, pod_interest_id=pod_interest_id, last_error=None)

    def refused(self, reason: str) -> Forward:
        return replace(self, state=ForwardState.REFUSED, attempts=self.attempts + 1, last_error=reason[:500])


@dataclass(frozen=True)
class Quarantined:
    """A POD profile (or a whole answer) the bridge could not take, kept for operators with
    the reason. It never stops a sync; it is resolved when a later sync takes the profile."""

    key: str              # the reference as the POD wrote it, or the page for a whole answer
    reason: str
    excerpt: str          # the start of what the POD sent, to see what was wrong
    run_id: str | None
    seen_at: datetime


@dataclass(frozen=True)
class PodDraft:
    """A local proposal as the POD profile we publish for it (the POD adds reference,
    status and dates)."""

    type: PodType
    title: str
    summary: str
    description: str
    technology_keywords: tuple[str, ...]
    market_keywords: tuple[str, ...]
    nace_codes: tuple[str, ...]
    country: str
    deadline: date | None

    @staticmethod
    def of(snapshot: ExportSnapshot, keywords: PodKeywords, country: str) -> PodDraft:
        return PodDraft(type=PodType[snapshot.kind.name], title=snapshot.title, summary=snapshot.summary,
                        description=snapshot.description, technology_keywords=keywords.technology,
                        market_keywords=keywords.market, nace_codes=keywords.nace, country=country,
                        deadline=snapshot.deadline)
