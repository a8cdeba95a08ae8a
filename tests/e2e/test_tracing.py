"""One trace covers publish-to-notification across two services: the gateway's trace
context reaches proposals, its outbox relay, Kafka, and the notifications consumer
and its database writes. Spans are exported over real OTLP to the local trace sink."""
from __future__ import annotations

import os

import httpx

from tests.support.apps import wait_for


def test_publish_to_notification_is_one_trace(platform, member):
    alice, bob = member("Alice Tracer"), member("Bob Tracer")
    alice.set_interests(["s3:sustainable-mobility"])
    trace_id = os.urandom(16).hex()
    traceparent = f"00-{trace_id}-{os.urandom(8).hex()}-01"

    response = bob.post("/proposals/proposals", headers={"traceparent": traceparent}, json={
        "kind": "business_offer", "title": "Electric cargo bikes for city logistics",
        "summary": "Pilot partners wanted.", "descriptors": ["s3:sustainable-mobility"]})
    assert response.status_code == 201, response.text
    proposal_id = response.json()["id"]
    wait_for(lambda: [n for n in alice.inbox() if n["subject_id"] == proposal_id])

    def trace_complete():
        # Spans arrive in export batches, in no particular order: wait for every kind.
        spans = httpx.get(f"{platform.traces_url}/traces/{trace_id}", timeout=5).json()["spans"]
        kinds = {(s["service"], s["kind"]) for s in spans}
        consumer_mongo = [s for s in spans if s["service"] == "notifications"
                          and s["attributes"].get("db.system") == "mongodb"]
        wanted = {("proposals", "server"), ("proposals", "producer"), ("notifications", "consumer")}
        ids = {s["span_id"] for s in spans}
        linked = [s for s in spans if s["service"] == "notifications" and s["kind"] == "consumer"
                  and s["parent_span_id"] in ids]
        return spans if wanted <= kinds and consumer_mongo and linked else None

    spans = wait_for(trace_complete, timeout=20, interval=0.3)
    by_id = {s["span_id"]: s for s in spans}

    server = [s for s in spans if s["service"] == "proposals" and s["kind"] == "server"]
    assert server, "no HTTP server span in proposals"
    producers = [s for s in spans if s["service"] == "proposals" and s["kind"] == "producer"
                 and s["attributes"].get("messaging.system") == "kafka"]
    assert producers, "the outbox relay's publish is not in the trace"
    assert producers[0]["attributes"].get("messaging.destination.name") == "proposals.proposal"
    consumers = [s for s in spans if s["service"] == "notifications" and s["kind"] == "consumer"
                 and s["parent_span_id"] in by_id]
    assert consumers, "the notifications consumer is not in the trace"

    # The consumer's span descends from the producer's: one causal chain, not two traces.
    def ancestors(span):
        while span.get("parent_span_id") in by_id:
            span = by_id[span["parent_span_id"]]
            yield span

    assert any(a["kind"] == "producer" for a in ancestors(consumers[0]))
    assert any(a["service"] == "proposals" for a in ancestors(consumers[0]))
    assert all(s["trace_id"] == trace_id for s in spans)


def test_the_gateway_starts_the_trace_when_the_client_sends_none(platform, member):
    bob = member("Bob Untraced")
    response = bob.post("/proposals/proposals", json={
        "kind": "technology_offer", "title": "Recycled carbon fibre", "summary": "Offer.",
        "descriptors": ["s3:eco-industry"]})
    assert response.status_code == 201, response.text
    # The gateway's request id doubles as the trace id, so its access log joins the trace.
    trace_id = response.headers["x-request-id"]
    assert len(trace_id) == 32

    def proposals_spans():
        spans = httpx.get(f"{platform.traces_url}/traces/{trace_id}", timeout=5).json()["spans"]
        return [s for s in spans if s["service"] == "proposals" and s["kind"] == "server"] or None

    server = wait_for(proposals_spans, timeout=20, interval=0.3)[0]
    assert server["parent_span_id"] == trace_id[:16]  # the gateway's span id in the traceparent it sent
    access_log = (platform.run_dir / "nginx" / "access.log").read_text()
    assert f'"request_id":"{trace_id}"' in access_log
