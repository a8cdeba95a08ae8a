"""A minimal OTLP/HTTP receiver for the local stack and the tests, in place of the collector.

Services export real OTLP to it, protobuf or JSON (optionally gzipped):
- traces (`POST /v1/traces`): each span is appended as a JSON line to `--out`, and
  `GET /traces/<trace_id>` answers that trace's spans, so traces can be read without Jaeger;
- metrics (`POST /v1/metrics`): each data point is appended as a JSON line to `--metrics-out`
  (time, service, name, unit, type, attributes, value), and `GET /metrics` answers the latest
  point of every series.
Answers follow the OTLP/HTTP spec: an Export*ServiceResponse in the request's encoding, 400 with
a google.rpc.Status for a body that cannot be decoded, 415 for another content type.
Production uses the OpenTelemetry collector and Jaeger (docker-compose.yml)."""
from __future__ import annotations

import argparse
import base64
import gzip
import json
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from google.protobuf.message import DecodeError, Message
from google.rpc.status_pb2 import Status
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

KINDS = {0: "unspecified", 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}
TEMPORALITIES = {0: "unspecified", 1: "delta", 2: "cumulative"}
PROTOBUF, JSON = "application/x-protobuf", "application/json"
INVALID_ARGUMENT = 3  # google.rpc.Code
# OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping expects base64.
_HEX_ID_FIELDS = {"traceId", "spanId", "parentSpanId"}


def _value(any_value) -> object:
    field = any_value.WhichOneof("value")
    if field is None:
        return None
    if field == "bytes_value":
        return any_value.bytes_value.hex()
    if field == "array_value":
        return [_value(v) for v in any_value.array_value.values]
    if field == "kvlist_value":
        return _attributes(any_value.kvlist_value.values)
    return getattr(any_value, field)


def _attributes(key_values) -> dict:
    return {a.key: _value(a.value) for a in key_values}


def spans_from(request: ExportTraceServiceRequest) -> list[dict]:
    spans = []
    for resource_spans in request.resource_spans:
        resource = _attributes(resource_spans.resource.attributes)
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
                    "attributes": _attributes(span.attributes),
                    "links": [link.trace_id.hex() for link in span.links],
                })
    return spans


def _time(unix_nano: int) -> str:
    return datetime.fromtimestamp(unix_nano / 1e9, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _number(point) -> int | float:
    return point.as_int if point.WhichOneof("value") == "as_int" else point.as_double


def _point_values(metric) -> tuple[str, list[tuple[object, dict]]]:
    """The metric's type and, per data point, (the point, what it measured)."""
    kind = metric.WhichOneof("data")
    data = getattr(metric, kind) if kind else None
    if kind == "gauge":
        return kind, [(p, {"value": _number(p)}) for p in data.data_points]
    if kind == "sum":
        return kind, [(p, {"value": _number(p), "monotonic": data.is_monotonic,
                           "temporality": TEMPORALITIES.get(data.aggregation_temporality)})
                      for p in data.data_points]
    if kind == "histogram":
        return kind, [(p, {"count": p.count, "sum": p.sum if p.HasField("sum") else None,
                           "min": p.min if p.HasField("min") else None,
                           "max": p.max if p.HasField("max") else None,
                           "bounds": list(p.explicit_bounds), "counts": list(p.bucket_counts),
                           "temporality": TEMPORALITIES.get(data.aggregation_temporality)})
                      for p in data.data_points]
    if kind == "exponential_histogram":
        return kind, [(p, {"count": p.count, "sum": p.sum if p.HasField("sum") else None,
                           "min": p.min if p.HasField("min") else None,
                           "max": p.max if p.HasField("max") else None, "scale": p.scale,
                           "zero_count": p.zero_count,
                           "temporality": TEMPORALITIES.get(data.aggregation_temporality)})
                      for p in data.data_points]
    if kind == "summary":
        return kind, [(p, {"count": p.count, "sum": p.sum,
                           "quantiles": {str(q.quantile): q.value for q in p.quantile_values}})
                      for p in data.data_points]
    return "empty", []


def points_from(request: ExportMetricsServiceRequest) -> list[dict]:
    """A line per data point: what a developer greps for (name, attributes, value)."""
    points = []
    for resource_metrics in request.resource_metrics:
        resource = _attributes(resource_metrics.resource.attributes)
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                kind, values = _point_values(metric)
                for point, measured in values:
                    points.append({
                        "time": _time(point.time_unix_nano),
                        "service": resource.get("service.name"),
                        "scope": scope_metrics.scope.name,
                        "name": metric.name,
                        "unit": metric.unit,
                        "type": kind,
                        "attributes": _attributes(point.attributes),
                        **measured,
                    })
    return points


class _JsonLines:
    def __init__(self, out_path: str | None) -> None:
        self._lock = threading.Lock()
        self._out = open(out_path, "a", buffering=1) if out_path else None

    def _write(self, records: list[dict]) -> None:
        if self._out:
            self._out.write("".join(json.dumps(r) + "\n" for r in records))


class TraceStore(_JsonLines):
    def __init__(self, out_path: str | None) -> None:
        super().__init__(out_path)
        self._by_trace: dict[str, list[dict]] = defaultdict(list)

    def add(self, spans: list[dict]) -> None:
        with self._lock:
            for span in spans:
                self._by_trace[span["trace_id"]].append(span)
            self._write(spans)

    def trace(self, trace_id: str) -> list[dict]:
        with self._lock:
            return sorted(self._by_trace.get(trace_id, []), key=lambda s: s["start_ns"])


class MetricStore(_JsonLines):
    def __init__(self, out_path: str | None) -> None:
        super().__init__(out_path)
        self._latest: dict[tuple, dict] = {}

    def add(self, points: list[dict]) -> None:
        with self._lock:
            for point in points:
                series = (point["service"], point["name"], json.dumps(point["attributes"], sort_keys=True))
                self._latest[series] = point
            self._write(points)

    def latest(self) -> list[dict]:
        with self._lock:
            return sorted(self._latest.values(), key=lambda p: (p["service"] or "", p["name"]))


@dataclass(frozen=True)
class Signal:
    request: type[Message]
    response: type[Message]
    store: Callable[[Message], None]


class InvalidExport(Exception):
    """A body that does not decode as the signal's export request."""


def _hex_ids_to_base64(node: object) -> object:
    if isinstance(node, dict):
        return {k: base64.b64encode(bytes.fromhex(v)).decode() if k in _HEX_ID_FIELDS and isinstance(v, str)
                else _hex_ids_to_base64(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_hex_ids_to_base64(v) for v in node]
    return node


def decode(body: bytes, content_type: str, message_class: type[Message]) -> Message:
    message = message_class()
    try:
        if content_type == JSON:
            json_format.ParseDict(_hex_ids_to_base64(json.loads(body)), message, ignore_unknown_fields=True)
        else:
            message.ParseFromString(body)
    except (DecodeError, json_format.ParseError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidExport(f"not an OTLP {message_class.__name__}: {exc}") from exc
    return message


def encode(message: Message, content_type: str) -> bytes:
    return json_format.MessageToJson(message).encode() if content_type == JSON else message.SerializeToString()


def make_handler(traces: TraceStore, metrics: MetricStore | None = None):
    metrics = metrics or MetricStore(None)
    signals = {
        "/v1/traces": Signal(ExportTraceServiceRequest, ExportTraceServiceResponse,
                             lambda request: traces.add(spans_from(request))),
        "/v1/metrics": Signal(ExportMetricsServiceRequest, ExportMetricsServiceResponse,
                              lambda request: metrics.add(points_from(request))),
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet: the sink is not the story
            pass

        def _answer(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            signal = signals.get(self.path.split("?", 1)[0])
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if signal is None:
                self.send_error(404)
                return
            content_type = (self.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
            if content_type not in (PROTOBUF, JSON):
                self._answer(415, JSON, encode(Status(code=INVALID_ARGUMENT, message=(
                    f"content type {content_type or 'missing'}: expected {PROTOBUF} or {JSON}")), JSON))
                return
            try:
                if self.headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                request = decode(body, content_type, signal.request)
            except (InvalidExport, OSError, EOFError, zlib.error) as exc:
                self._answer(400, content_type, encode(Status(code=INVALID_ARGUMENT, message=str(exc)), content_type))
                return
            signal.store(request)
            self._answer(200, content_type, encode(signal.response(), content_type))

        def do_GET(self):
            if self.path.startswith("/traces/"):
                self._answer(200, JSON, json.dumps({"spans": traces.trace(self.path.removeprefix("/traces/"))}).encode())
            elif self.path == "/metrics":
                self._answer(200, JSON, json.dumps({"points": metrics.latest()}).encode())
            else:
                self.send_error(404)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=4318)
    parser.add_argument("--out", default=None, help="spans, a JSON line each")
    parser.add_argument("--metrics-out", default=None, help="metric data points, a JSON line each")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port),
                                 make_handler(TraceStore(args.out), MetricStore(args.metrics_out)))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
