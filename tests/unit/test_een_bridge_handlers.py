"""The een-bridge service layer with in-memory repositories and a fake POD: the rules that
live in handlers and in the orchestrations with the POD (which event an ingest publishes,
the export and forward state machines across the POD's answers, idempotent sync pages,
quarantine, never importing our own exports back, the checkpoints) in milliseconds."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.events import (
    EenInterestReceived, EenOfferClosed, EenOfferSynced, EenProposalExported, ExportStatus, ProposalKind,
    ProposalSource,
)
from een_bridge.domain.model import (
    EenOffer, ExportState, Forward, ForwardState, InvalidForward, InvalidPodProfile, PodDraft, PodProfile,
    ProposalExport, Quarantined,
)
from een_bridge.domain.sync import (
    INTERESTS_CHECKPOINT, PROFILES_CHECKPOINT, RunStatus, SyncCheckpoint, SyncMode, SyncRun,
)
from een_bridge.service_layer import commands, exchange, handlers, sync
from een_bridge.service_layer.exchange import PartnerIdentity
from een_bridge.service_layer.ports import (
    PodEntry, PodInterest, PodInterestPage, PodPage, PodRefused, PodUnavailable,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

T0 = datetime(2026, 3, 1, tzinfo=UTC)
PARTNER = PartnerIdentity("Open Innovation Lombardia (EEN partner)", "IT", "een-desk@example.org")
WAITING = (ExportState.PENDING_EXPORT, ExportState.WITHDRAW_PENDING)


# -- fakes of the ports -----------------------------------------------------------------------

class FakeOffers:
    def __init__(self) -> None:
        self.store: FakeStore[EenOffer] = FakeStore(key=lambda o: o.reference)

    async def get_many(self, references: list[str]) -> dict[str, EenOffer]:
        return {r: self.store.rows[r] for r in references if r in self.store.rows}

    async def add_many(self, offers: list[EenOffer]) -> None:
        for offer in offers:
            self.store.insert(offer)

    async def save(self, offer: EenOffer) -> None:
        self.store.replace_versioned(offer)


class FakeExports:
    def __init__(self) -> None:
        self.store: FakeStore[ProposalExport] = FakeStore(key=lambda e: e.proposal_id)

    async def get(self, proposal_id: str) -> ProposalExport | None:
        return self.store.rows.get(proposal_id)

    async def put(self, export: ProposalExport, previous: ProposalExport | None) -> None:
        if previous is None:
            self.store.insert(export)
        else:
            self.store.replace_versioned(export, previous_version=previous.version)

    async def save_outcome(self, export: ProposalExport) -> None:
        self.store.replace_versioned(export, previous_version=export.version)

    async def due(self, limit: int) -> list[ProposalExport]:
        return sorted(self.store.where(lambda e: e.state in WAITING), key=lambda e: e.updated_at)[:limit]

    async def by_pod_reference(self, reference: str) -> ProposalExport | None:
        return self.store.first(lambda e: e.pod_reference == reference)

    async def ours_among(self, references: list[str]) -> set[str]:
        return {e.pod_reference for e in self.store.where(lambda e: e.pod_reference in references)}


class FakeForwards:
    def __init__(self) -> None:
        self.store: FakeStore[Forward] = FakeStore(key=lambda f: f.interest_id)

    async def exists(self, interest_id: str) -> bool:
        return interest_id in self.store.rows

    async def get(self, interest_id: str) -> Forward | None:
        return self.store.rows.get(interest_id)

    async def add(self, forward: Forward) -> None:
        self.store.insert(forward)

    async def due(self, limit: int) -> list[Forward]:
        pending = self.store.where(lambda f: f.state is ForwardState.PENDING)
        return sorted(pending, key=lambda f: f.received_at)[:limit]

    async def save(self, forward: Forward) -> None:
        self.store.replace(forward)

    async def erase_sender(self, sender_id: str) -> None:
        for forward in self.store.where(lambda f: f.sender_id == sender_id):
            state = ForwardState.CANCELLED if forward.state is ForwardState.PENDING else forward.state
            self.store.replace(replace(forward, state=state, sender_id="erased-user",
                                       message="[removed at the user's request]"))


class FakeRuns:
    def __init__(self) -> None:
        self.store: FakeStore[SyncRun] = FakeStore()

    async def unfinished(self) -> SyncRun | None:
        running = self.store.where(lambda r: r.status is RunStatus.RUNNING)
        return min(running, key=lambda r: r.started_at) if running else None

    async def save(self, run: SyncRun) -> None:
        self.store.replace(run)


@dataclass(frozen=True)
class NamedCheckpoint:
    name: str
    checkpoint: SyncCheckpoint


class FakeCheckpoints:
    def __init__(self) -> None:
        self.store: FakeStore[NamedCheckpoint] = FakeStore(key=lambda c: c.name)

    async def get(self, name: str) -> SyncCheckpoint:
        named = self.store.rows.get(name)
        return named.checkpoint if named else SyncCheckpoint()

    async def save(self, name: str, checkpoint: SyncCheckpoint) -> None:
        self.store.replace(NamedCheckpoint(name, checkpoint))


@dataclass(frozen=True)
class Held:
    key: str
    reason: str
    times_seen: int
    resolved_at: datetime | None


class FakeQuarantine:
    def __init__(self) -> None:
        self.store: FakeStore[Held] = FakeStore(key=lambda h: h.key)

    async def hold(self, entries: list[Quarantined]) -> None:
        for entry in entries:
            seen = self.store.rows.get(entry.key)
            self.store.replace(Held(entry.key, entry.reason, (seen.times_seen if seen else 0) + 1, None))

    async def resolve(self, keys: list[str], at: datetime) -> None:
        for held in self.store.where(lambda h: h.key in keys and h.resolved_at is None):
            self.store.replace(replace(held, resolved_at=at))


class FakeBridgeContext(FakeContext):
    offers: FakeOffers
    exports: FakeExports
    forwards: FakeForwards
    runs: FakeRuns
    checkpoints: FakeCheckpoints
    quarantine: FakeQuarantine


class FakePod:
    """The POD's lists ordered by (time, key) with an inclusive `since`, and its answers;
    `meanwhile` runs while a call is on its way (what the platform does in that time)."""

    def __init__(self) -> None:
        self.entries: list[PodEntry] = []
        self.interests: list[PodInterest] = []
        self.created: list[PodDraft] = []
        self.updated: list[tuple[str, PodDraft]] = []
        self.withdrawn: list[str] = []
        self.sent: list[dict] = []
        self.refusing: set[str] = set()  # the references (or "new profiles") the POD says no to
        self.listings_before_going_away: int | None = None
        self.meanwhile: Callable[[], Awaitable[None]] | None = None

    async def _call(self, reference: str) -> None:
        if self.meanwhile is not None:
            await self.meanwhile()
        if reference in self.refusing:
            raise PodRefused(404, f"{reference} is not published")

    async def list_profiles(self, *, modified_since: datetime | None, page: int, page_size: int) -> PodPage:
        if self.listings_before_going_away is not None:
            if self.listings_before_going_away == 0:
                raise PodUnavailable("GET /profiles: HTTP 503 (after 4 tries)")
            self.listings_before_going_away -= 1
        listed = sorted((e for e in self.entries if modified_since is None or e.last_update >= modified_since),
                        key=lambda e: (e.last_update, e.reference))
        return PodPage(total=len(listed), entries=listed[(page - 1) * page_size:page * page_size])

    async def create_profile(self, draft: PodDraft) -> str:
        await self._call("new profiles")
        self.created.append(draft)
        return f"BOIT20260301{len(self.created):03d}"

    async def update_profile(self, reference: str, draft: PodDraft) -> str:
        await self._call(reference)
        self.updated.append((reference, draft))
        return reference

    async def withdraw_profile(self, reference: str) -> None:
        await self._call(reference)
        self.withdrawn.append(reference)

    async def send_interest(self, reference: str, *, external_id: str, organisation: str, country: str,
                            contact: str, message: str) -> str:
        await self._call(reference)
        self.sent.append({"reference": reference, "external_id": external_id, "organisation": organisation,
                          "country": country, "contact": contact, "message": message})
        return f"pod-interest-{len(self.sent)}"

    async def list_interests(self, *, received_since: datetime | None, page: int,
                             page_size: int) -> PodInterestPage:
        listed = sorted((i for i in self.interests if received_since is None or i.received_at >= received_since),
                        key=lambda i: (i.received_at, i.id))
        return PodInterestPage(total=len(listed), interests=listed[(page - 1) * page_size:page * page_size])


class FakeLease:
    def __init__(self, *, free: bool = True) -> None:
        self.free = free

    async def hold(self) -> bool:
        return self.free

    def keep_alive(self) -> asyncio.Task:
        return asyncio.create_task(asyncio.Event().wait())

    async def release(self) -> None:
        pass


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeBridgeContext]:
    return FakeUnitOfWork(FakeBridgeContext())


# -- helpers ----------------------------------------------------------------------------------

def reference(n: int) -> str:
    return f"TOIT20250101{n:03d}"


def pod_profile(ref: str, **overrides) -> dict:
    raw = {"reference": ref, "type": "TO", "title": "Low-power IoT sensors", "summary": "Soil moisture sensors.",
           "technology_keywords": ["01003008"], "market_keywords": ["08001001"], "nace_codes": ["C28.1"],
           "country": "IT", "deadline": None, "status": "published"}
    return raw | overrides


def entry(ref: str, minutes: int, **overrides) -> PodEntry:
    at = T0 + timedelta(minutes=minutes)
    profile = PodProfile.normalised(**pod_profile(ref, **overrides), last_update=at)
    return PodEntry(ref, at, profile, None, "<profile/>")


def unreadable(ref: str, minutes: int, problem: str = "The profile has no title.") -> PodEntry:
    return PodEntry(ref, T0 + timedelta(minutes=minutes), None, problem, "<profile><title/></profile>")


async def ingest(uow, ref: str, **overrides):
    return await uow.handle(handlers.ingest_pod_profile, commands.IngestPodProfile(**pod_profile(ref, **overrides)))


async def proposal_state(uow, proposal_id: str, version: int, *, share: bool = True, title: str = "Brackets",
                         source: ProposalSource = ProposalSource.LOCAL) -> None:
    await uow.handle(handlers.track_proposal_state, commands.TrackProposalState(
        proposal_id=proposal_id, version=version, source=source, share_with_een=share,
        kind=ProposalKind.BUSINESS_OFFER, title=title, summary="Printed titanium.", descriptors=["nace:28"],
        deadline=None))


async def interest(uow, interest_id: str, *, sender: str = "member-1", een_reference: str | None = reference(1)):
    await uow.handle(handlers.record_een_interest, commands.RecordEenInterest(
        interest_id=interest_id, proposal_id="proposal-of-offer", een_reference=een_reference, sender_id=sender,
        message="We would like to license it."))


async def record(uow, run: SyncRun, *entries: PodEntry, page_full: bool = False) -> SyncRun:
    return await uow.handle(sync.record_page, commands.RecordSyncPage(
        run, PodPage(total=len(entries), entries=list(entries)), page_full=page_full))


async def open_run(uow, mode: SyncMode = SyncMode.FULL) -> SyncRun:
    return await uow.handle(sync.open_run, commands.OpenSyncRun(mode))


# -- operators' ingest ------------------------------------------------------------------------

async def test_an_ingested_profile_is_stored_once_and_only_news_is_published(uow):
    first = await ingest(uow, reference(1))
    assert first.changed and first.offer.version == 1
    assert await ingest(uow, reference(1), title="  Low-power   IoT sensors ") == replace(first, changed=False,
                                                                                         event=None)
    revised = await ingest(uow, reference(1), title="Low-power IoT sensors v2")
    assert revised.offer.version == 2 and uow.ctx.offers.store.rows[reference(1)].profile.title.endswith("v2")
    await ingest(uow, reference(1), status="withdrawn")
    await ingest(uow, reference(1), status="withdrawn", title="Edited while withdrawn")  # closed once only
    assert [type(e) for e in uow.ctx.published] == [EenOfferSynced, EenOfferSynced, EenOfferClosed]
    assert uow.ctx.published[-1].reason == "withdrawn"


async def test_an_invalid_profile_is_refused_and_nothing_is_written(uow):
    with pytest.raises(InvalidPodProfile):
        await ingest(uow, reference(1), country="Italy")
    assert uow.ctx.offers.store.rows == {} and uow.ctx.published == []


# -- exports: local proposals to the POD ------------------------------------------------------

async def test_only_local_proposals_shared_with_een_wait_for_export_and_stale_versions_change_nothing(uow):
    await proposal_state(uow, "from-een", 1, source=ProposalSource.EEN)
    await proposal_state(uow, "local", 1, share=False)
    assert list(uow.ctx.exports.store.rows) == ["local"]
    assert uow.ctx.exports.store.rows["local"].state is ExportState.NOT_SHARED
    await proposal_state(uow, "local", 3, title="Version three")
    await proposal_state(uow, "local", 2, title="Stale version two")
    export = uow.ctx.exports.store.rows["local"]
    assert (export.state, export.version, export.snapshot.title) == (ExportState.PENDING_EXPORT, 3, "Version three")
    await uow.handle(handlers.track_proposal_closed, commands.TrackProposalClosed("unknown", 2))  # EEN-sourced
    assert uow.ctx.published == []


async def test_a_shared_proposal_is_published_in_the_pod_then_withdrawn_when_it_closes(uow):
    pod = FakePod()
    await proposal_state(uow, "p1", 1)
    assert await exchange.push_exports(uow, pod, PARTNER) == 1
    [draft] = pod.created
    assert (draft.title, draft.country) == ("Brackets", "IT")
    exported = uow.ctx.exports.store.rows["p1"]
    assert exported.state is ExportState.EXPORTED and exported.pod_reference == "BOIT20260301001"

    await uow.handle(handlers.track_proposal_closed, commands.TrackProposalClosed("p1", 2))
    assert uow.ctx.exports.store.rows["p1"].state is ExportState.WITHDRAW_PENDING
    assert await exchange.push_exports(uow, pod, PARTNER) == 1
    assert pod.withdrawn == ["BOIT20260301001"]
    assert uow.ctx.exports.store.rows["p1"].state is ExportState.WITHDRAWN
    assert [(e.proposal_version, e.status) for e in uow.ctx.published] == [
        (1, ExportStatus.PUBLISHED), (2, ExportStatus.WITHDRAWN)]
    assert await exchange.push_exports(uow, pod, PARTNER) == 0


async def test_a_version_arriving_while_the_create_is_on_its_way_goes_out_as_an_update(uow):
    pod = FakePod()
    await proposal_state(uow, "p1", 1)

    async def revised_meanwhile() -> None:
        pod.meanwhile = None
        await proposal_state(uow, "p1", 2, title="Brackets, revised")

    pod.meanwhile = revised_meanwhile
    await exchange.push_exports(uow, pod, PARTNER)
    export = uow.ctx.exports.store.rows["p1"]
    assert (export.state, export.version, export.pod_reference) == (ExportState.PENDING_EXPORT, 2, "BOIT20260301001")
    [published] = uow.ctx.published
    assert isinstance(published, EenProposalExported) and published.proposal_version == 1

    await exchange.push_exports(uow, pod, PARTNER)
    assert [(ref, draft.title) for ref, draft in pod.updated] == [("BOIT20260301001", "Brackets, revised")]
    assert len(pod.created) == 1 and uow.ctx.exports.store.rows["p1"].state is ExportState.EXPORTED


async def test_a_refused_export_counts_the_attempt_stays_pending_and_publishes_nothing(uow):
    pod = FakePod()
    pod.refusing.add("new profiles")
    await proposal_state(uow, "p1", 1)
    await exchange.push_exports(uow, pod, PARTNER)
    export = uow.ctx.exports.store.rows["p1"]
    assert (export.state, export.attempts) == (ExportState.PENDING_EXPORT, 1)
    assert "POD answered 404" in export.last_error and uow.ctx.published == []


# -- forwards: members' interest in EEN offers to the POD -------------------------------------

async def test_an_interest_is_recorded_once_and_one_without_a_pod_reference_not_at_all(uow):
    await interest(uow, "i1")
    await interest(uow, "i1")  # the same event again
    assert list(uow.ctx.forwards.store.rows) == ["i1"]
    with pytest.raises(InvalidForward):
        await interest(uow, "i2", een_reference=None)
    assert list(uow.ctx.forwards.store.rows) == ["i1"]


async def test_interests_go_to_the_pod_as_the_partner_and_a_refusal_is_kept(uow):
    pod = FakePod()
    pod.refusing.add(reference(2))
    await interest(uow, "i1")
    await interest(uow, "i2", een_reference=reference(2))
    assert await exchange.forward_interests(uow, pod, PARTNER) == 2
    [sent] = pod.sent
    assert (sent["organisation"], sent["contact"]) == (PARTNER.organisation, f"{PARTNER.contact} (ref. i1)")
    forwarded, refused = uow.ctx.forwards.store.rows["i1"], uow.ctx.forwards.store.rows["i2"]
    assert (forwarded.state, forwarded.pod_interest_id) == (ForwardState.FORWARDED, "pod-interest-1")
    assert refused.state is ForwardState.REFUSED and "not published" in refused.last_error
    assert await exchange.forward_interests(uow, pod, PARTNER) == 0


async def test_a_sender_erased_while_the_interest_is_on_its_way_stays_erased(uow):
    pod = FakePod()
    await interest(uow, "i1", sender="leaving")
    await interest(uow, "i2", sender="staying")
    await exchange.forward_interests(uow, pod, PARTNER)
    await interest(uow, "i3", sender="leaving")
    pod.meanwhile = lambda: uow.handle(handlers.erase_user, commands.EraseUser("leaving"))
    await exchange.forward_interests(uow, pod, PARTNER)
    rows = uow.ctx.forwards.store.rows
    assert [(rows[i].state, rows[i].sender_id) for i in ("i1", "i2", "i3")] == [
        (ForwardState.FORWARDED, "erased-user"), (ForwardState.FORWARDED, "staying"),
        (ForwardState.CANCELLED, "erased-user")]
    assert rows["i1"].message == "[removed at the user's request]"


# -- the sync: the POD's profiles in ----------------------------------------------------------

async def test_a_page_is_recorded_with_its_events_and_a_second_run_over_it_changes_nothing(uow):
    page = (entry(reference(1), 1), entry(reference(2), 2), unreadable("TOIT2025", 3))
    first = await record(uow, await open_run(uow), *page)
    assert (first.counts.created, first.counts.quarantined, first.cursor.reference) == (2, 1, "TOIT2025")
    assert [type(e) for e in uow.ctx.published] == [EenOfferSynced, EenOfferSynced]
    await uow.handle(sync.finish_run, commands.FinishSyncRun(first.completed()))

    again = await record(uow, await open_run(uow), *page)
    assert (again.counts.created, again.counts.unchanged) == (0, 2)
    assert len(uow.ctx.published) == 2
    assert {o.version for o in uow.ctx.offers.store.rows.values()} == {1}
    assert uow.ctx.quarantine.store.rows["TOIT2025"].times_seen == 2


async def test_our_own_exports_listed_by_the_pod_are_never_imported_back(uow):
    await proposal_state(uow, "p1", 1)
    await exchange.push_exports(uow, FakePod(), PARTNER)
    ours = uow.ctx.exports.store.rows["p1"].pod_reference
    published = len(uow.ctx.published)
    run = await record(uow, await open_run(uow), entry(ours, 1, type="BO"), entry(reference(1), 2))
    assert (run.counts.skipped_own, run.counts.created) == (1, 1)
    assert list(uow.ctx.offers.store.rows) == [reference(1)] and len(uow.ctx.published) == published + 1


async def test_a_profile_a_later_page_takes_leaves_quarantine(uow):
    run = await record(uow, await open_run(uow), unreadable(reference(1), 1), page_full=True)
    assert uow.ctx.quarantine.store.rows[reference(1)].resolved_at is None
    await record(uow, run, entry(reference(1), 2))
    assert uow.ctx.quarantine.store.rows[reference(1)].resolved_at is not None
    assert list(uow.ctx.offers.store.rows) == [reference(1)]


async def test_a_run_walks_the_pod_to_the_end_and_the_next_incremental_one_starts_from_its_checkpoint(uow):
    pod = FakePod()
    pod.entries = [entry(reference(n), n) for n in range(1, 6)]
    pod_sync = sync.PodSync(uow, pod, FakeLease(), page_size=2)
    full = await pod_sync.run(SyncMode.FULL)
    assert (full.status, full.counts.created) == (RunStatus.COMPLETED, 5)
    assert (await uow.ctx.checkpoints.get(PROFILES_CHECKPOINT)).cursor.reference == reference(5)

    pod.entries.append(entry(reference(6), 6))
    incremental = await pod_sync.run(SyncMode.INCREMENTAL)
    assert (incremental.counts.created, incremental.counts.unchanged) == (1, 0)
    assert not await pod_sync.has_unfinished_run()
    with pytest.raises(sync.SyncBusy):
        await sync.PodSync(uow, pod, FakeLease(free=False)).run(SyncMode.FULL)


async def test_a_pod_going_away_fails_the_run_and_the_checkpoint_keeps_what_it_did(uow):
    pod = FakePod()
    pod.entries = [entry(reference(n), n) for n in range(1, 6)]
    pod.listings_before_going_away = 2
    run = await sync.PodSync(uow, pod, FakeLease(), page_size=2).run(SyncMode.FULL)
    assert run.status is RunStatus.FAILED and "POD unavailable" in run.errors[-1]
    assert run.counts.created == 3  # 1-2, then 2-3 (the list's `since` is inclusive)
    assert (await uow.ctx.checkpoints.get(PROFILES_CHECKPOINT)).cursor.reference == reference(3)


# -- EEN partners' interest in our exports ----------------------------------------------------

async def test_partners_interest_in_our_exports_becomes_events_once_and_moves_the_checkpoint(uow):
    pod = FakePod()
    await proposal_state(uow, "p1", 1)
    await exchange.push_exports(uow, pod, PARTNER)
    ours = uow.ctx.exports.store.rows["p1"].pod_reference
    pod.interests = [PodInterest("x1", ours, T0, "Acme GmbH", "DE", "Interested."),
                     PodInterest("x2", reference(9), T0, "Other", "FR", "Not ours.")]
    assert await exchange.pull_interests(uow, pod) == 1
    received = uow.ctx.published[-1]
    assert isinstance(received, EenInterestReceived)
    assert (received.proposal_id, received.pod_interest_id, received.sender_organisation) == ("p1", "x1", "Acme GmbH")
    assert (await uow.ctx.checkpoints.get(INTERESTS_CHECKPOINT)).cursor.reference == "x2"
    assert await exchange.pull_interests(uow, pod) == 0
