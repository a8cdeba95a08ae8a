"""The een-bridge against the simulated POD (a real HTTP server on a local socket) and the
real broker and database: import (full, incremental, idempotent, resumed after a kill),
quarantine, outages and hostile answers, export and expressions of interest both ways."""
from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, date, datetime

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor
from pymongo import AsyncMongoClient

from contracts.envelope import encode
from contracts.events import (
    IntegrationEvent, InterestExpressed, ProposalClosed, ProposalKind, ProposalPublished, ProposalSource,
    ProposalUpdated,
)
from een_bridge.adapters.pod_client import PodClient
from een_bridge.adapters.repository import EenBridgeContext
from een_bridge.entrypoints.app import EenBridgeSettings, create_app, pod_sync
from een_bridge.domain.sync import RunStatus, SyncMode
from servicekit.auth import ROLE_EEN_OPERATOR
from servicekit.ids import new_id
from servicekit.unit_of_work import OUTBOX, UnitOfWork
from tests.support.apps import running, wait_until
from tests.support.kafka import produce_raw
from tests.support.pod import PASSWORD, USERNAME, RunningPod, running_pod
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
OPERATOR = ISSUER.headers("een-operator", [ROLE_EEN_OPERATOR])
PAGE = 40


def settings(pod: RunningPod, **overrides) -> EenBridgeSettings:
    values = dict(mongo_db=f"een_pod_{new_id()[-12:]}", pod_base_url=pod.url, pod_username=USERNAME,
                  pod_password=PASSWORD, pod_page_size=PAGE, pod_timeout_seconds=0.5, pod_max_attempts=3,
                  pod_backoff_seconds=0.01, pod_backoff_max_seconds=0.05, pod_breaker_threshold=3,
                  pod_breaker_reset_seconds=1.0, pod_rate_per_second=500, pod_sync_interval_seconds=3600,
                  # No exchange passes unless a test wants them: they would call the POD (and
                  # meet its armed faults) beside the sync under test.
                  pod_exchange_interval_seconds=3600)
    values.update(overrides)
    return EenBridgeSettings(**values)


@contextlib.asynccontextmanager
async def bridge_on(pod: RunningPod, **overrides):
    config = settings(pod, **overrides)
    app = create_app(config)
    async with running(app, ISSUER) as client:
        client.db = app.state.runtime.db
        yield client


async def sync(bridge, mode: str = "full") -> dict:
    started = await bridge.post("/sync/runs", json={"mode": mode}, headers=OPERATOR)
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    assert started.headers["location"] == f"sync/runs/{run_id}"

    async def finished():
        body = (await bridge.get(f"/sync/runs/{run_id}", headers=OPERATOR)).json()
        return body if body["status"] != "running" else None
    return await wait_until(finished, timeout=60, interval=0.1)


async def outbox(bridge, event_type: str) -> list[dict]:
    rows = await bridge.db[OUTBOX].find({"headers.ce_type": event_type}).to_list()
    return [json.loads(row["value"]) for row in rows]


async def status(bridge) -> dict:
    response = await bridge.get("/status", headers=OPERATOR)
    assert response.status_code == 200, response.text
    return response.json()


# -- import ---------------------------------------------------------------------------------------

async def test_full_import_then_the_same_again_changes_nothing(infra):
    async with running_pod(profiles=240, malformed=7) as pod, bridge_on(pod) as bridge:
        published = pod.references("published")
        run = await sync(bridge)
        assert run["status"] == "completed", run
        counts = run["counts"]
        assert counts["quarantined"] == 7
        assert counts["created"] == len(published & valid(pod))
        assert counts["created"] + counts["unchanged"] + counts["quarantined"] == len(pod.references())
        assert counts["pages"] >= len(pod.references()) // PAGE
        synced = await outbox(bridge, "een.offer.synced.v1")
        assert sorted(e["een_reference"] for e in synced) == sorted(published & valid(pod))
        assert not await outbox(bridge, "een.offer.closed.v1")  # first seen closed: nobody needs to hear

        # One offer, whole: every POD field kept, keywords mapped, unmapped ones kept.
        sample = next(p for p in pod.store if p["reference"] in published and p.get("description"))
        offer = (await bridge.get(f"/offers/{sample['reference']}", headers=OPERATOR)).json()
        assert offer["title"] == " ".join(sample["title"].split())
        assert offer["technology_keywords"] == sorted({k["code"] for k in sample["technologyKeywords"]})
        assert set(offer["mapping"]["unmapped_keywords"]) | {m["keyword"] for m in offer["mapping"]["matches"]
                                                               if m["codes"]} >= set(offer["technology_keywords"])
        event = next(e for e in synced if e["een_reference"] == sample["reference"])
        assert sample["description"].split()[0] in event["description"]
        assert event["deadline"] == sample.get("deadline")

        again = await sync(bridge)
        assert again["status"] == "completed"
        assert (again["counts"]["created"], again["counts"]["updated"], again["counts"]["closed"]) == (0, 0, 0)
        assert len(await outbox(bridge, "een.offer.synced.v1")) == len(synced)

        state = await status(bridge)
        last = max((p["lastUpdate"], p["reference"]) for p in pod.store)
        assert state["checkpoint"]["reference"] == last[1]
        assert state["last_run"]["id"] == again["id"] and state["pod"]["circuit"] == "closed"
        assert state["quarantined"] == 7


def valid(pod: RunningPod) -> set[str]:
    """The generated profiles that are not deliberately broken (their references are valid)."""
    from een_bridge.domain.model import InvalidPodProfile, validate_reference
    good = set()
    for p in pod.store:
        try:
            validate_reference(p["reference"])
        except InvalidPodProfile:
            continue
        if p.get("type") == p["reference"][:len(p.get("type", ""))] and p.get("title", "").strip() \
                and len(p.get("country", "")) == 2 and p.get("status") in ("published", "expired", "withdrawn") \
                and "/" not in (p.get("deadline") or ""):
            good.add(p["reference"])
    return good


async def test_quarantine_lists_each_malformed_profile_with_its_reason_and_resolves_when_fixed(infra):
    async with running_pod(profiles=30, malformed=7) as pod, bridge_on(pod) as bridge:
        await sync(bridge)
        page = (await bridge.get("/quarantine", params={"limit": 5}, headers=OPERATOR)).json()
        rest = (await bridge.get("/quarantine", params={"cursor": page["next_cursor"]}, headers=OPERATOR)).json()
        entries = page["items"] + rest["items"]
        assert len(entries) == 7 and rest["next_cursor"] is None
        reasons = " | ".join(e["reason"] for e in entries)
        for expected in ("is not a POD reference", "not a valid PodType", "no title", "not a date",
                         "2-letter country", "archived"):
            assert expected in reasons
        assert all(e["excerpt"].startswith("<profile>") and e["run_id"] for e in entries)

        broken = next(e for e in entries if "no title" in e["reason"])
        pod.store.patch(broken["key"], {"title": "Now with a proper title"})
        run = await sync(bridge, "incremental")
        assert run["counts"]["created"] == 1 and run["counts"]["quarantined"] == 0
        assert len((await bridge.get("/quarantine", headers=OPERATOR)).json()["items"]) == 6
        resolved = (await bridge.get("/quarantine", params={"include_resolved": "true"}, headers=OPERATOR)).json()
        assert next(e for e in resolved["items"] if e["key"] == broken["key"])["resolved_at"] is not None


async def test_incremental_sync_picks_up_changes_expiries_withdrawals_and_new_profiles(infra):
    async with running_pod(profiles=120) as pod, bridge_on(pod) as bridge:
        await sync(bridge)
        published = sorted(pod.references("published"))
        changed, expired, withdrawn = published[:2], published[2], published[3]
        for reference in changed:
            pod.store.patch(reference, {"title": f"Revised offer {reference}"})
        pod.store.set_status(expired, "expired")
        pod.store.set_status(withdrawn, "withdrawn")
        new = dict(next(iter(pod.store)), reference="BOFR20261101001", type="BO", status="published",
                   title="A brand new business offer")
        new.pop("lastUpdate")
        pod.store.put_raw([new])

        run = await sync(bridge, "incremental")
        assert run["status"] == "completed"
        c = run["counts"]
        assert (c["created"], c["updated"], c["closed"], c["unchanged"]) == (1, 2, 2, 0)
        closed = {e["een_reference"]: e["reason"] for e in await outbox(bridge, "een.offer.closed.v1")}
        assert closed == {expired: "expired", withdrawn: "withdrawn"}
        titles = {e["een_reference"]: e["title"] for e in await outbox(bridge, "een.offer.synced.v1")}
        assert titles[changed[0]] == f"Revised offer {changed[0]}" and "BOFR20261101001" in titles
        assert (await sync(bridge, "incremental"))["counts"]["pages"] == 1  # nothing new: one empty page


async def test_a_killed_run_resumes_after_its_last_page_without_duplicates(infra):
    async with running_pod(profiles=200) as pod:
        config = settings(pod, pod_page_size=20)
        mongo = AsyncMongoClient(config.mongo_url, tz_aware=True)
        uow = UnitOfWork(mongo, config.database_name, source="/een-bridge", context=EenBridgeContext)
        client = PodClient(config.pod_settings())
        try:
            first = pod_sync(uow.db, uow, client, config)
            run, task = await first.start(SyncMode.FULL)
            await wait_until(lambda: pages_done(uow, run.id, at_least=3), timeout=30, interval=0.01)
            task.cancel()  # the process dies between two pages
            with contextlib.suppress(asyncio.CancelledError):
                await task
            killed = await uow.db["sync_runs"].find_one({"_id": run.id})
            assert killed["status"] == "running" and 3 <= killed["counts"]["pages"] < 10

            resumed = await pod_sync(uow.db, uow, client, config).run(SyncMode.INCREMENTAL)
            assert resumed.id == run.id and resumed.resumed == 1 and resumed.status is RunStatus.COMPLETED
            rows = await uow.db[OUTBOX].find({"headers.ce_type": "een.offer.synced.v1"}).to_list()
            subjects = [row["headers"]["ce_subject"] for row in rows]
            assert len(subjects) == len(set(subjects)) == len(pod.references("published"))
            assert await uow.db["offers"].count_documents({}) == len(pod.references())
        finally:
            await client.aclose()
            await mongo.close()


async def pages_done(uow: UnitOfWork, run_id: str, at_least: int) -> bool:
    doc = await uow.db["sync_runs"].find_one({"_id": run_id})
    return doc is not None and doc["counts"]["pages"] >= at_least


async def test_one_run_at_a_time(infra):
    async with running_pod(profiles=150) as pod, bridge_on(pod) as bridge:
        pod.faults.configure({"delay": {"count": 3, "seconds": 0.3}})
        first = await bridge.post("/sync/runs", json={"mode": "full"}, headers=OPERATOR)
        second = await bridge.post("/sync/runs", json={"mode": "full"}, headers=OPERATOR)
        assert first.status_code == 202 and second.status_code == 409
        assert second.headers["content-type"] == "application/problem+json"
        member = ISSUER.headers("member", ["member"])
        assert (await bridge.post("/sync/runs", json={"mode": "full"}, headers=member)).status_code == 403
        assert (await bridge.post("/sync/runs", json={"mode": "sideways"}, headers=OPERATOR)).status_code == 422


# -- resilience -----------------------------------------------------------------------------------

async def test_pod_outage_opens_the_breaker_and_it_closes_when_the_pod_is_back(infra):
    async with running_pod(profiles=60) as pod, bridge_on(pod) as bridge:
        pod.faults.configure({"status_burst": {"count": 1000, "status": 503}})
        failed = await sync(bridge)
        assert failed["status"] == "failed" and "POD unavailable" in failed["errors"][-1]
        state = await status(bridge)
        assert state["pod"]["circuit"] == "open" and state["pod"]["times_opened"] == 1
        calls_before = sum(pod.stats["GET /profiles"].values())
        fast = await sync(bridge)
        assert fast["status"] == "failed" and "circuit open" in fast["errors"][-1]
        assert sum(pod.stats["GET /profiles"].values()) == calls_before  # the breaker spared the POD
        health = await bridge.get("/health")  # the POD is not a dependency of the bridge's own health
        assert health.status_code == 200

        pod.faults.reset()
        await asyncio.sleep(1.05)  # the breaker's cool-down
        recovered = await sync(bridge)
        assert recovered["status"] == "completed" and recovered["counts"]["created"] > 0
        assert (await status(bridge))["pod"]["circuit"] == "closed"


async def test_slow_answers_time_out_and_are_retried(infra):
    async with running_pod(profiles=60) as pod, bridge_on(pod) as bridge:
        pod.faults.configure({"delay": {"count": 2, "seconds": 1.0}, "status_burst": {"count": 1, "status": 502}})
        run = await sync(bridge)
        assert run["status"] == "completed" and run["counts"]["created"] == len(pod.references("published"))


async def test_garbled_answers_are_retried_and_hostile_ones_quarantined_while_the_sync_goes_on(infra):
    async with running_pod(profiles=100) as pod, bridge_on(pod) as bridge:
        pod.faults.configure({"truncate_next": 1, "malformed_next": 1})
        retried = await sync(bridge)
        assert retried["status"] == "completed" and retried["skipped_pages"] == []
        assert retried["counts"]["created"] == len(pod.references("published"))

    async with running_pod(profiles=100) as pod, bridge_on(pod) as bridge:
        pod.faults.configure({"xml_bomb_next": 1})
        run = await sync(bridge)
        assert run["status"] == "completed" and run["skipped_pages"] == [1]
        assert "hostile XML refused" in run["errors"][0]
        [entry] = (await bridge.get("/quarantine", headers=OPERATOR)).json()["items"]
        assert entry["key"] == "page 1 since start" and "<!DOCTYPE" in entry["excerpt"]
        assert run["counts"]["created"] > 0  # the following pages were read

    async with running_pod(profiles=20) as pod, bridge_on(pod, pod_max_attempts=2) as bridge:
        pod.faults.configure({"malformed_next": 2})  # garbled on every try: quarantined, not looping
        run = await sync(bridge)
        assert run["status"] == "completed" and run["skipped_pages"] == [1]


async def test_duplicated_pages_change_nothing(infra):
    async with running_pod(profiles=150) as pod, bridge_on(pod, pod_page_size=10) as bridge:
        # Many profiles sharing one lastUpdate force page 2, 3... of one query, where the POD repeats pages.
        stamp = "2026-01-01T00:00:00.000Z"
        pod.store.put_raw([{**p, "lastUpdate": stamp} for p in list(pod.store)[:35]])
        pod.faults.configure({"duplicate_pages": True})
        run = await sync(bridge)
        assert run["status"] == "completed"
        synced = [e["een_reference"] for e in await outbox(bridge, "een.offer.synced.v1")]
        assert len(synced) == len(set(synced)) == len(pod.references("published"))


async def test_the_bridge_keeps_to_the_pods_rate(infra):
    async with running_pod(profiles=40) as pod, bridge_on(pod, pod_rate_per_second=4, pod_page_size=10) as bridge:
        pod.faults.configure({"rate_limit_per_second": 5})
        run = await sync(bridge)
        assert run["status"] == "completed"
        assert "429" not in pod.stats["GET /profiles"]  # our own bucket kept us under the POD's limit

    async with running_pod(profiles=40) as pod, bridge_on(pod, pod_page_size=10, pod_max_attempts=4) as bridge:
        pod.faults.configure({"rate_limit_per_second": 2})
        run = await sync(bridge)  # too fast for the POD: it answers 429, we wait its Retry-After
        assert run["status"] == "completed" and pod.stats["GET /profiles"]["429"] > 0


# -- export and expressions of interest -----------------------------------------------------------

async def produce(infra, event: IntegrationEvent) -> None:
    record = encode(event, event_id=new_id(), source="/proposals")
    await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, record.key)


def local_proposal(proposal_id: str, version: int, *, share: bool, title: str, updated: bool = False):
    event_class = ProposalUpdated if updated else ProposalPublished
    return event_class(
        proposal_id=proposal_id, version=version, owner_id="owner-1", kind=ProposalKind.TECHNOLOGY_OFFER,
        title=title, summary="Additive manufacturing of titanium brackets.",
        description="We print aerospace-grade brackets.\n\nLooking for licensees.",
        descriptors=["een-tech:01003008", "een-market:01002003", "nace:28", "s3c:advanced-manufacturing-01"],
        source=ProposalSource.LOCAL, share_with_een=share, deadline=date(2027, 6, 30),
        published_at=datetime.now(UTC))


async def test_a_shared_proposal_is_published_updated_and_withdrawn_in_the_pod(infra):
    async with running_pod(profiles=10) as pod, bridge_on(pod, pod_exchange_interval_seconds=0.2) as bridge:
        proposal_id = new_id()
        await produce(infra, local_proposal(proposal_id, 1, share=True, title="Titanium brackets"))
        export = await wait_until(lambda: exported(bridge, proposal_id, "exported"), timeout=30)
        reference = export["pod_reference"]
        stored = pod.store.get(reference)
        assert stored["type"] == "TO" and stored["title"] == "Titanium brackets" and stored["country"] == "IT"
        assert stored["summary"] == "Additive manufacturing of titanium brackets."
        assert stored["description"] == "We print aerospace-grade brackets.\n\nLooking for licensees."
        assert stored["deadline"] == "2027-06-30" and stored["status"] == "published"
        technology = [k["code"] for k in stored["technologyKeywords"]]
        assert technology[0] == "01003008" and len(technology) >= 2  # + the EEN codes behind the S3 challenge
        assert [k["code"] for k in stored["marketKeywords"]] == ["01002003"]
        assert [k["code"] for k in stored["naceCodes"]] == ["28"]
        [event] = await outbox(bridge, "een.proposal.exported.v1")
        assert event == {"proposal_id": proposal_id, "proposal_version": 1, "een_reference": reference,
                         "status": "published"}

        await produce(infra, local_proposal(proposal_id, 2, share=True, title="Titanium brackets, v2", updated=True))
        await wait_until(lambda: pod.store.get(reference)["title"] == "Titanium brackets, v2", timeout=30)
        assert pod.store.get(reference)["description"] == stored["description"]  # nothing lost on update
        await wait_until(lambda: exported(bridge, proposal_id, "exported"), timeout=30)

        await produce(infra, ProposalClosed(proposal_id=proposal_id, version=3, reason="fulfilled"))
        await wait_until(lambda: pod.store.get(reference)["status"] == "withdrawn", timeout=30)
        await wait_until(lambda: exported(bridge, proposal_id, "withdrawn"), timeout=30)
        statuses = [e["status"] for e in await outbox(bridge, "een.proposal.exported.v1")]
        assert statuses == ["published", "published", "withdrawn"]

        run = await sync(bridge)  # our own profile is in the POD's list: never imported back
        assert run["counts"]["skipped_own"] == 1
        assert (await bridge.get(f"/offers/{reference}", headers=OPERATOR)).status_code == 404


async def exported(bridge, proposal_id: str, state: str):
    response = await bridge.get(f"/exports/{proposal_id}", headers=OPERATOR)
    return response.json() if response.status_code == 200 and response.json()["state"] == state else None


async def test_expressions_of_interest_go_to_the_pod_and_come_back_from_it(infra):
    async with running_pod(profiles=30) as pod, bridge_on(pod, pod_exchange_interval_seconds=0.2) as bridge:
        await sync(bridge)
        published = sorted(pod.references("published"))
        # A member's interest in an imported EEN offer goes to the POD, once.
        interest_id = new_id()
        await produce(infra, InterestExpressed(
            interest_id=interest_id, proposal_id=new_id(), proposal_title="An EEN offer", proposal_owner_id=None,
            proposal_source=ProposalSource.EEN, een_reference=published[0], sender_id="member-7",
            message="We could test your sensors in our vineyards."))
        forward = await wait_until(lambda: forwarded(bridge, interest_id, "forwarded"), timeout=30)
        [sent] = pod.store.interests_of(published[0])
        assert forward["pod_interest_id"] == sent.id
        assert sent.fields["externalId"] == interest_id
        assert sent.fields["message"] == "We could test your sensors in our vineyards."
        assert "ref. " + interest_id in sent.fields["contact"]

        # The POD refuses interest in a profile that closed meanwhile: refused, with the reason.
        pod.store.set_status(published[1], "expired")
        late = new_id()
        await produce(infra, InterestExpressed(
            interest_id=late, proposal_id=new_id(), proposal_title="Closed", proposal_owner_id=None,
            proposal_source=ProposalSource.EEN, een_reference=published[1], sender_id="member-8", message="Hi"))
        refused = await wait_until(lambda: forwarded(bridge, late, "refused"), timeout=30)
        assert "409" in refused["last_error"]

        # An EEN partner's interest in a proposal we exported comes back as an event for its owner.
        proposal_id = new_id()
        await produce(infra, local_proposal(proposal_id, 1, share=True, title="Titanium brackets"))
        reference = (await wait_until(lambda: exported(bridge, proposal_id, "exported"), timeout=30))["pod_reference"]
        incoming = pod.store.inject_interest(reference, {"organisation": "Fraunhofer-like institute",
                                                         "country": "DE", "message": "Interested in licensing."})
        received = await wait_until(lambda: outbox(bridge, "een.interest.received.v1"), timeout=30)
        assert received == [{"proposal_id": proposal_id, "een_reference": reference,
                             "pod_interest_id": incoming.id, "sender_organisation": "Fraunhofer-like institute",
                             "sender_country": "DE", "message": "Interested in licensing."}]
        await asyncio.sleep(0.6)  # a few more exchange passes: nothing is pulled twice
        assert len(await outbox(bridge, "een.interest.received.v1")) == 1
        assert (await status(bridge))["interests_checkpoint"]["reference"] == incoming.id


async def forwarded(bridge, interest_id: str, state: str):
    response = await bridge.get(f"/forwards/{interest_id}", headers=OPERATOR)
    return response.json() if response.status_code == 200 and response.json()["state"] == state else None


# -- the command line -----------------------------------------------------------------------------

async def run_cli(pod: RunningPod, infra, database: str, *args: str) -> tuple[int, str]:
    import os
    import sys
    env = {**os.environ, "MONGO_URL": infra.mongo_url, "MONGO_DB": database, "POD_BASE_URL": pod.url,
           "POD_USERNAME": USERNAME, "POD_PASSWORD": PASSWORD, "POD_PAGE_SIZE": "25", "COLUMNS": "120"}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "een_bridge.cli", *args, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    print(output.decode())
    return process.returncode, output.decode()


async def test_command_line_full_import_prints_a_summary(infra):
    database = f"een_cli_{new_id()[-12:]}"
    async with running_pod(profiles=80, malformed=3) as pod:
        code, output = await run_cli(pod, infra, database, "import", "--full")
        assert code == 0, output
        summary = flat(output)
        created = len(pod.references("published") & valid(pod))
        assert "(full): completed" in summary and f"created {created} " in summary
        assert "quarantined 3 " in summary and "full import" in summary  # the progress bar's label
        mongo = AsyncMongoClient(infra.mongo_url)
        try:
            assert await mongo[database]["offers"].count_documents({}) == len(valid(pod))
            assert await mongo[database][OUTBOX].count_documents({"sent_at": None}) == created  # for the relay
        finally:
            await mongo.close()
        code, output = await run_cli(pod, infra, database, "import")
        assert code == 0 and "(incremental): completed" in flat(output) and "created 0 " in flat(output)


def flat(output: str) -> str:
    """Rich's table without its borders, one space between words."""
    return " ".join(output.translate({ord(c): " " for c in "│┃┏┓┗┛━─┡┩└┘┌┐╭╮╰╯"}).split()) + " "


# -- telemetry ------------------------------------------------------------------------------------

class SpanRecorder(SpanProcessor):
    """Records finished spans while switched on (the SDK cannot remove a processor)."""

    def __init__(self) -> None:
        self.on, self.spans = False, []

    def on_end(self, span) -> None:
        if self.on:
            self.spans.append(span)


async def test_each_sync_run_is_one_trace_with_its_pages_and_pod_calls(infra):
    async with running_pod(profiles=90, malformed=2) as pod, bridge_on(pod) as bridge:
        recorder = SpanRecorder()
        trace.get_tracer_provider().add_span_processor(recorder)
        recorder.on = True
        try:
            pod.faults.configure({"status_burst": {"count": 1, "status": 503}})
            run = await sync(bridge)
        finally:
            recorder.on = False
        [root] = [s for s in recorder.spans if s.name == "een.sync.run"]
        assert root.attributes["een.sync.run_id"] == run["id"] and root.attributes["een.sync.status"] == "completed"
        assert root.attributes["een.sync.created"] == run["counts"]["created"]
        assert root.attributes["een.sync.quarantined"] == 2
        in_run = [s for s in recorder.spans if s.context.trace_id == root.context.trace_id]
        pages = [s for s in in_run if s.name == "een.sync.page"]
        calls = [s for s in in_run if s.name == "POD GET profiles"]
        assert len(pages) == run["counts"]["pages"] and all(p.parent.span_id == root.context.span_id for p in pages)
        assert len(calls) == len(pages) and {c.parent.span_id for c in calls} == {p.context.span_id for p in pages}
        retried = [c for c in calls if any(e.name == "retry" for e in c.events)]
        assert len(retried) == 1 and retried[0].attributes["pod.attempts"] == 2  # the 503, then success
        assert any(s.name.startswith("een_bridge") or "insert" in s.name or s.name.endswith("find")
                   for s in in_run)  # the page's database writes are in the same trace


async def test_two_replicas_never_publish_one_proposal_twice(infra):
    from een_bridge.entrypoints.scheduler import PodScheduler
    from een_bridge.service_layer import commands, handlers
    from servicekit.lease import MongoLease

    async with running_pod(profiles=5) as pod:
        config = settings(pod)
        mongo = AsyncMongoClient(config.mongo_url, tz_aware=True)
        uow = UnitOfWork(mongo, config.database_name, source="/een-bridge", context=EenBridgeContext)
        proposal_ids = [new_id() for _ in range(5)]
        for proposal_id in proposal_ids:
            await uow.handle(handlers.track_proposal_state, commands.TrackProposalState(
                proposal_id=proposal_id, version=1, source=ProposalSource.LOCAL, share_with_een=True,
                kind=ProposalKind.BUSINESS_OFFER, title=f"Offer {proposal_id}", summary="s", descriptors=["nace:28"],
                deadline=None, description="d"))
        replicas = []
        for _ in range(2):  # two processes' worth: own clients, own lease owners
            client = PodClient(config.pod_settings())
            lease = MongoLease(uow.db, collection="sync_lease", name="pod-exchange", seconds=5)
            replicas.append(PodScheduler(uow, client, pod_sync(uow.db, uow, client, config), config.partner(),
                                         lease, 3600, 0.05, 5))
        loops = [asyncio.create_task(r.exchange_loop()) for r in replicas]
        try:
            await wait_until(lambda: len([p for p in pod.store if p["title"].startswith("Offer ")]) >= 5, timeout=20)
            await asyncio.sleep(0.5)  # both loops keep going: nothing more may appear
        finally:
            for loop in loops:
                loop.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            for replica in replicas:
                await replica.pod.aclose()
            await mongo.close()
        titles = sorted(p["title"] for p in pod.store if p["title"].startswith("Offer "))
        assert titles == sorted(f"Offer {pid}" for pid in proposal_ids)
