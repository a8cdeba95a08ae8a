"""OpenTelemetry defaults, configured by the standard OTEL_* variables.

OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER: `otlp` (production; endpoint from
OTEL_EXPORTER_OTLP_ENDPOINT, http/protobuf), `console`, or `none`. When unset we export over
OTLP if an endpoint is configured, otherwise not at all (metrics are then still counted,
for in-process readers, but go nowhere).

Background loops poll (the outbox relay, lease renewals, the EEN exchange, health checks):
they look under `untraced()`, so an idle service exports no spans, and trace the work a
look found.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence

from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate, trace
from opentelemetry.context import _SUPPRESS_INSTRUMENTATION_KEY, Context
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import ConsoleMetricExporter, MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider, sampling
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Link, Span, SpanKind
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes

_configured: TracerProvider | None = None


def _exporter_choice(variable: str) -> str:
    choice = os.environ.get(variable)
    if choice is None:
        choice = "otlp" if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") else "none"
    return choice.strip().lower()


def _metric_reader() -> MetricReader | None:
    choice = _exporter_choice("OTEL_METRICS_EXPORTER")
    if choice == "otlp":
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

        return PeriodicExportingMetricReader(OTLPMetricExporter())
    if choice == "console":
        return PeriodicExportingMetricReader(ConsoleMetricExporter())
    return None


def _exporter() -> SpanExporter | None:
    choice = _exporter_choice("OTEL_TRACES_EXPORTER")
    if choice == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()  # reads OTEL_EXPORTER_OTLP_* itself
    if choice == "console":
        return ConsoleSpanExporter()
    return None


class UntracedAwareSampler(sampling.Sampler):
    """Drops spans started under `untraced()`; otherwise the configured sampler decides.
    Instrumentations (PyMongo, Redis) honour the suppression themselves; this covers the
    spans of our own tracers and of libraries that do not (a POD call made by a poll)."""

    def __init__(self, delegate: sampling.Sampler) -> None:
        self._delegate = delegate

    def should_sample(self, parent_context: Context | None, trace_id: int, name: str,
                      kind: SpanKind | None = None, attributes: Attributes = None,
                      links: Sequence[Link] | None = None,
                      trace_state: TraceState | None = None) -> sampling.SamplingResult:
        # No explicit parent context: the current one. A context extracted from a traceparent
        # under untraced() keeps the suppression, as extraction starts from the current one.
        if otel_context.get_value(_SUPPRESS_INSTRUMENTATION_KEY, parent_context):
            return sampling.SamplingResult(sampling.Decision.DROP)
        return self._delegate.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return f"UntracedAware{{{self._delegate.get_description()}}}"


@contextlib.contextmanager
def untraced() -> Iterator[None]:
    """No spans inside, from instrumented clients or any tracer: for a background poll's
    look at whether there is work (an idle service would otherwise export thousands of
    spans a minute). Do the work it finds outside, in a span of its own: an event
    published inside would carry an unsampled trace context."""
    with suppress_instrumentation():
        yield


def configure_telemetry(service_name: str) -> TracerProvider:
    """Idempotent: tests build several apps in one process."""
    global _configured
    if _configured is not None:
        return _configured
    resource = Resource.create({
        "service.name": os.environ.get("OTEL_SERVICE_NAME", service_name),
        "service.namespace": "open-innovation",
    })
    # OTEL_TRACES_SAMPLER still chooses the sampler (the SDK's own reading of it).
    provider = TracerProvider(resource=resource,
                              sampler=UntracedAwareSampler(sampling._get_from_env_or_default()))
    exporter = _exporter()
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    reader = _metric_reader()
    metrics.set_meter_provider(MeterProvider(resource=resource, metric_readers=[reader] if reader else []))

    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    PymongoInstrumentor().instrument(tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    _configured = provider
    return provider


def shutdown_telemetry() -> None:
    if _configured is not None:
        _configured.force_flush()


def current_traceparent() -> str | None:
    """The W3C traceparent of the active span, to store beside an outbox event so the
    relay and the consumers continue the trace of the request that caused it."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_from_traceparent(traceparent: str | None):
    return propagate.extract({"traceparent": traceparent} if traceparent else {})


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def meter(name: str) -> metrics.Meter:
    return metrics.get_meter(name)


def record_error(span: Span, exc: BaseException) -> None:
    span.record_exception(exc)
    span.set_status(trace.Status(trace.StatusCode.ERROR, str(exc)))
