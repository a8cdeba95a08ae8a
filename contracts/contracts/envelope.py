"""CloudEvents 1.0, Kafka protocol binding, binary content mode.

Attributes travel as `ce_*` headers, the event data (JSON) is the record value,
the record key is the CloudEvents `subject` (the aggregate id), and the W3C
`traceparent` rides beside the attributes.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from contracts.events.base import IntegrationEvent, event_class_for

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
MAX_EVENT_BYTES = 1_000_000


class MalformedEvent(ValueError):
    """A record that cannot be read as one of our events: it can never succeed,
    so consumers dead-letter it at once instead of retrying."""


class UnknownEventType(LookupError):
    """A well-formed CloudEvent of a type this build does not know (e.g. a newer
    version published side by side); consumers skip it."""


@dataclass(frozen=True, slots=True)
class CloudEventAttributes:
    id: str
    source: str
    type: str
    time: datetime
    subject: str
    specversion: str = SPECVERSION
    datacontenttype: str = CONTENT_TYPE


@dataclass(frozen=True, slots=True)
class KafkaRecord:
    topic: str
    key: bytes
    value: bytes
    headers: dict[str, str]


def encode(
    event: IntegrationEvent,
    *,
    event_id: str,
    source: str,
    time: datetime | None = None,
    traceparent: str | None = None,
) -> KafkaRecord:
    subject = event.subject()
    headers = {
        "ce_id": event_id,
        "ce_source": source,
        "ce_type": event.event_type,
        "ce_specversion": SPECVERSION,
        "ce_time": (time or datetime.now(UTC)).isoformat().replace("+00:00", "Z"),
        "ce_subject": subject,
        "content-type": CONTENT_TYPE,
    }
    if traceparent:
        headers["traceparent"] = traceparent
    return KafkaRecord(
        topic=event.topic,
        key=subject.encode(),
        value=event.model_dump_json().encode(),
        headers=headers,
    )


def _text(headers: Mapping[str, bytes | str], name: str) -> str | None:
    raw = headers.get(name)
    if raw is None:
        return None
    if isinstance(raw, bytes):
        try:
            return raw.decode()
        except UnicodeDecodeError as exc:
            raise MalformedEvent(f"header {name} is not UTF-8") from exc
    return str(raw)


def read_attributes(headers: Mapping[str, bytes | str]) -> CloudEventAttributes:
    values = {n: _text(headers, f"ce_{n}") for n in ("id", "source", "type", "time", "subject", "specversion")}
    missing = [f"ce_{n}" for n, v in values.items() if not v]
    if missing:
        raise MalformedEvent(f"missing CloudEvents headers: {', '.join(missing)}")
    if values["specversion"] != SPECVERSION:
        raise MalformedEvent(f"unsupported ce_specversion {values['specversion']!r}")
    try:
        time = datetime.fromisoformat(values["time"].replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedEvent(f"ce_time is not ISO 8601: {values['time']!r}") from exc
    content_type = _text(headers, "content-type") or CONTENT_TYPE
    return CloudEventAttributes(
        id=values["id"], source=values["source"], type=values["type"], time=time,
        subject=values["subject"], specversion=SPECVERSION, datacontenttype=content_type,
    )


def decode(headers: Mapping[str, bytes | str], value: bytes | None) -> tuple[CloudEventAttributes, IntegrationEvent]:
    attributes = read_attributes(headers)
    event_class = event_class_for(attributes.type)
    if event_class is None:
        raise UnknownEventType(attributes.type)
    if not attributes.datacontenttype.startswith("application/json"):
        raise MalformedEvent(f"unsupported content-type {attributes.datacontenttype!r}")
    if value is None:
        raise MalformedEvent("record has no value")
    if len(value) > MAX_EVENT_BYTES:
        raise MalformedEvent(f"event data is {len(value)} bytes, over the {MAX_EVENT_BYTES} limit")
    try:
        event = event_class.model_validate(json.loads(value))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise MalformedEvent(f"data does not match {attributes.type}: {exc}") from exc
    if event.subject() != attributes.subject:
        raise MalformedEvent(f"ce_subject {attributes.subject!r} does not match the data ({event.subject()!r})")
    return attributes, event
