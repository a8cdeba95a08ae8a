"""Telemetry of the local stack: the trace sink takes the services' metrics as well as
their spans, and an idle service exports no spans, however often its background loops
poll, while the work a poll finds is still traced end to end."""
from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from google.protobuf import json_format
from opentelemetry.exporter.otlp.proto.common.metrics_encoder import encode_metrics
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricExportResult
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pymongo import AsyncMongoClient

from contracts import topics
from contracts.envelope import encode
from contracts.events import ProposalKind, ProposalPublished, ProposalSource
from devstack import LocalStack, Ports
from een_bridge.entrypoints.app import EenBridgeSettings, create_app
from servicekit.ids import new_id
from servicekit.telemetry import configure_telemetry
from tests.support.apps import running, wait_until
from tests.support.kafka import produce_raw
from tests.support.pod import PASSWORD, USERNAME, running_pod
from tests.support.tokens import TestIssuer


# -- the sink takes metrics ---------------------------------------------------------------------
@pytest.fixture
def trace_sink(tmp_path):
    """The sink as the local stack starts it (its own process, its own files)."""
    stack = LocalStack(tmp_path, Ports.free())
    try:
        stack.start_trace_sink()
        yield stack
    finally:
        stack.stop_all()


def _service_metrics():
    """What a service's meters hold after some work: a counter, a histogram, a gauge-like sum."""
    reader = InMemoryMetricReader()
    provider = MeterProvider(resource=Resource.create({"service.name": "een-bridge"}), metric_readers=[reader])
    meter = provider.get_meter("een_bridge.pod")
    meter.create_counter("een.pod.requests").add(3, {"outcome": "ok"})
    meter.create_histogram("een.sync.run.duration", unit="s").record(1.5, {"een.sync.mode": "incremental"})
    meter.create_up_down_counter("een.exports.pending").add(-2)
    return reader.get_metrics_data()


def _points(sink: LocalStack) -> list[dict]:
    path = sink.run_dir / "metrics.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_the_sink_takes_metrics_as_the_services_export_them(trace_sink, monkeypatch):
    # The services' exporter, configured as theirs is: by OTEL_EXPORTER_OTLP_ENDPOINT (http/protobuf).
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", trace_sink.traces_url)
    exporter = OTLPMetricExporter()
    try:
        assert exporter.export(_service_metrics()) is MetricExportResult.SUCCESS
    finally:
        exporter.shutdown()

    points = {p["name"]: p for p in _points(trace_sink)}
    assert points["een.pod.requests"] | {"time": None} == {
        "time": None, "service": "een-bridge", "scope": "een_bridge.pod", "name": "een.pod.requests", "unit": "",
        "type": "sum", "attributes": {"outcome": "ok"}, "value": 3, "monotonic": True, "temporality": "cumulative"}
    duration = points["een.sync.run.duration"]
    assert (duration["type"], duration["unit"], duration["attributes"]) == \
        ("histogram", "s", {"een.sync.mode": "incremental"})
    assert (duration["count"], duration["sum"], sum(duration["counts"])) == (1, 1.5, 1)
    assert points["een.exports.pending"]["value"] == -2
    latest = httpx.get(f"{trace_sink.traces_url}/metrics", timeout=5).json()["points"]
    assert {p["name"] for p in latest} == set(points)


def test_the_sink_takes_otlp_json_and_refuses_what_does_not_decode(trace_sink):
    url = trace_sink.traces_url
    as_json = {"content-type": "application/json"}
    answer = httpx.post(f"{url}/v1/metrics", headers=as_json, timeout=5,
                        content=json_format.MessageToJson(encode_metrics(_service_metrics())))
    assert (answer.status_code, answer.headers["content-type"], answer.json()) == (200, "application/json", {})
    assert "een.pod.requests" in {p["name"] for p in _points(trace_sink)}

    # OTLP/JSON spells trace and span ids in hex, not protobuf's base64.
    trace_id, span_id = os.urandom(16).hex(), os.urandom(8).hex()
    spans = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name",
                                                              "value": {"stringValue": "profiles"}}]},
                                "scopeSpans": [{"spans": [{"traceId": trace_id, "spanId": span_id, "name": "GET /me",
                                                           "kind": 2, "startTimeUnixNano": "1",
                                                           "endTimeUnixNano": "2"}]}]}]}
    assert httpx.post(f"{url}/v1/traces", headers=as_json, json=spans, timeout=5).status_code == 200
    stored = httpx.get(f"{url}/traces/{trace_id}", timeout=5).json()["spans"]
    assert [(s["span_id"], s["name"], s["kind"], s["service"]) for s in stored] == \
        [(span_id, "GET /me", "server", "profiles")]

    broken = httpx.post(f"{url}/v1/metrics", headers={"content-type": "application/x-protobuf"},
                        content=b"\xff\xff not protobuf", timeout=5)
    assert broken.status_code == 400
    broken = httpx.post(f"{url}/v1/metrics", headers=as_json, content=b"{not json", timeout=5)
    assert broken.status_code == 400 and broken.json()["code"] == 3  # google.rpc.Code INVALID_ARGUMENT
    assert httpx.post(f"{url}/v1/metrics", headers={"content-type": "text/plain"}, content=b"x",
                      timeout=5).status_code == 415


# -- an idle service exports no spans -----------------------------------------------------------
ISSUER = TestIssuer()


@pytest.fixture
def spans():
    """Every span this process ends from now on, as the services' exporter would get them."""
    exporter = InMemorySpanExporter()
    configure_telemetry("een-bridge").add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()  # the processor stays registered, exporting nothing from now on


@pytest.mark.asyncio
async def test_an_idle_service_exports_no_spans_but_the_work_a_poll_finds_is_traced(infra, spans):
    database = f"een_idle_{new_id()[-8:]}"
    async with running_pod(profiles=0) as pod:
        app = create_app(EenBridgeSettings(
            mongo_db=database, pod_base_url=pod.url, pod_username=USERNAME, pod_password=PASSWORD,
            outbox_poll_seconds=0.05, pod_exchange_interval_seconds=0.05, pod_sync_interval_seconds=36000))
        mongo = AsyncMongoClient(infra.mongo_url, tz_aware=True)
        try:
            async with running(app, ISSUER) as bridge:
                # Events other tests left for the bridge's group are work, not idling: let it catch up.
                runtime = app.state.runtime
                await wait_until(lambda: _caught_up(infra.kafka_bootstrap, runtime.consumer.group_id,
                                                    runtime.consumer.topics), timeout=60, interval=0.5)
                spans.clear()  # startup (indexes, first connections) and catching up are not idling

                # Idle: the relay polls the outbox and renews its lease, the exchange loop asks
                # for due exports, forwards and the POD's new interests, probes check health.
                await wait_until(_renewed(mongo[database], "outbox_lease", "relay", times=5), timeout=30)
                await wait_until(_renewed(mongo[database], "sync_lease", "pod-exchange", times=5), timeout=30)
                assert sum(pod.stats["GET /interests"].values()) >= 5
                for _ in range(3):
                    assert (await bridge.get("/health")).status_code == 200

                assert _described(spans.get_finished_spans()) == []

                # Work: a proposal shared with EEN arrives, the exchange pushes it to the POD, and
                # the relay publishes een.proposal.exported: traced, in the push's trace.
                event_id = await _share_with_een(infra)
                exported = await wait_until(lambda: _published(spans.get_finished_spans(), topics.EEN_EXPORT),
                                            timeout=30)
        finally:
            await mongo.drop_database(database)
            await mongo.close()

    finished = spans.get_finished_spans()
    trace = [s for s in finished if s.context.trace_id == exported.context.trace_id]
    by_id = {s.context.span_id: s for s in trace}
    chain, span = [], exported
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span.name)
    assert chain[-1] == "een.exports.push", chain  # the relay's publish joins the push's trace
    push = next(s for s in trace if s.name == "een.exports.push")
    assert any(s.name.startswith("POD POST") and s.parent.span_id == push.context.span_id for s in trace)
    consumed = [s for s in finished if s.name == f"process {topics.PROPOSALS_PROPOSAL}"]
    assert [s.attributes.get("messaging.message.id") for s in consumed] == [event_id]


def _renewed(db, collection: str, name: str, *, times: int):
    """A predicate: the lease was taken or renewed `times` times (one per pass of its loop)."""
    expiries: set = set()

    async def enough() -> bool:
        with suppress_instrumentation():  # the test's own looks are not the service's spans
            lease = await db[collection].find_one({"_id": name})
        if lease:
            expiries.add(lease["expires_at"])
        return len(expiries) >= times

    return enough


async def _caught_up(bootstrap: str, group: str, subscribed: list[str]) -> bool:
    """The group has committed every record of its topics."""
    admin, consumer = AIOKafkaAdminClient(bootstrap_servers=bootstrap), AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        partitions = [TopicPartition(t, p) for t in subscribed for p in consumer.partitions_for_topic(t) or ()]
        ends = await consumer.end_offsets(partitions)
        return all(end == 0 or (tp in committed and committed[tp].offset >= end) for tp, end in ends.items())
    finally:
        await consumer.stop()
        await admin.close()


def _described(finished: tuple[ReadableSpan, ...]) -> list[str]:
    return [f"{s.name} ({s.instrumentation_scope.name if s.instrumentation_scope else '?'})" for s in finished]


def _published(finished: tuple[ReadableSpan, ...], topic: str) -> ReadableSpan | None:
    return next((s for s in finished if s.kind is SpanKind.PRODUCER
                 and s.attributes.get("messaging.destination.name") == topic), None)


async def _share_with_een(infra) -> str:
    """A proposal shared with EEN, published as the proposals service would; its event id."""
    event = ProposalPublished(
        proposal_id=new_id(), version=1, owner_id=new_id(), kind=ProposalKind.TECHNOLOGY_OFFER,
        title="Titanium brackets by additive manufacturing", summary="Lighter brackets for aircraft cabins.",
        descriptors=["s3:aerospace"], source=ProposalSource.LOCAL, share_with_een=True,
        deadline=date(2027, 12, 31), published_at=datetime.now(UTC))
    event_id = new_id()
    record = encode(event, event_id=event_id, source="/proposals")
    await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, record.key)
    return event_id
