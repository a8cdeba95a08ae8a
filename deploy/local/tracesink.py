"""A minimal OTLP/HTTP trace receiver for the local stack and the tests: services export
real OTLP (protobuf) to it; it appends each span as a JSON line and answers
GET /traces/<trace_id> with that trace's spans, so traces can be read without Jaeger.
Production uses the OpenTelemetry collector and Jaeger (docker-compose.yml)."""
from __future__ import annotations

import argparse
import gzip
import json
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

KINDS = {0: "unspecified", 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}


def _value(any_value) -> object:
    field = any_value.WhichOneof("value")
    if field == "bytes_value":
        return any_value.bytes_value.hex()
    return getattr(any_value, field) if field and field not in ("array_value", "kvlist_value") else str(any_value)


def spans_from(request: ExportTraceServiceRequest) -> list[dict]:
    spans = []
    for resource_spans in request.resource_spans:
        resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                spans.append({
                    "trace_id": span.trace_id.hex(),
                    "span_id": span.span_id.hex(),
                    "parent_span_id": span.parent_span_id.hex() or None,
                    "name": span.name,
                    "kind": KINDS.get(span.kind, str(span.kind)),
                    "service": resource.get("service.name"),
                    "start_ns": span.start_time_unix_nano,
                    "end_ns": span.end_time_unix_nano,
                    "status": span.status.code,
                    "attributes": {a.key: _value(a.value) for a in span.attributes},
                    "links": [link.trace_id.hex() for link in span.links],
                })
    return spans


class TraceStore:
    def __init__(self, out_path: str | None) -> None:
        self._by_trace: dict[str, list[dict]] = defaultdict(list)
        self._lock = threading.Lock()
        self._out = open(out_path, "a", buffering=1) if out_path else None

    def add(self, spans: list[dict]) -> None:
        with self._lock:
            for span in spans:
                self._by_trace[span["trace_id"]].append(span)
                if self._out:
                    self._out.write(json.dumps(span) + "\n")

    def trace(self, trace_id: str) -> list[dict]:
        with self._lock:
            return sorted(self._by_trace.get(trace_id, []), key=lambda s: s["start_ns"])


def make_handler(store: TraceStore):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - quiet: the sink is not the story
            pass

        def do_POST(self):
            if self.path != "/v1/traces":
                self.send_error(404)
                return
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if self.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            store.add(spans_from(request))
            payload = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            if self.path.startswith("/traces/"):
                body = json.dumps({"spans": store.trace(self.path.removeprefix("/traces/"))}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=4318)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(TraceStore(args.out)))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
