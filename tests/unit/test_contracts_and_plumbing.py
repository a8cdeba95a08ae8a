"""Pure checks of the contracts and of servicekit helpers."""
from datetime import UTC, datetime

import pytest

from contracts.envelope import MalformedEvent, UnknownEventType, decode, encode
from contracts.events import ProposalClosed, registered_events
from contracts.topics import ALL_TOPICS, dead_letter_topic
from servicekit.http.concurrency import check_version, etag_for
from servicekit.consumer import RetryPolicy
from servicekit.http.errors import PreconditionFailed, Problem
from servicekit.ids import new_id
from servicekit.http.pagination import decode_cursor, encode_cursor, next_cursor


def _headers(record):
    return {k: v.encode() for k, v in record.headers.items()}


def test_every_event_type_is_versioned_and_on_a_known_topic():
    for event_type, cls in registered_events().items():
        domain, _aggregate, _verb, version = event_type.split(".")
        assert version.startswith("v") and version[1:].isdigit()
        assert cls.topic in ALL_TOPICS and cls.topic.split(".")[0] == domain


def test_every_topic_carries_some_event():
    """A topic with no event is a leftover: topics come with the first event that uses them."""
    used = {cls.topic for cls in registered_events().values()}
    assert set(ALL_TOPICS) == used


def test_envelope_round_trip_binary_mode():
    event = ProposalClosed(proposal_id="p1", version=3, reason="withdrawn")
    record = encode(event, event_id="e1", source="/proposals", time=datetime(2026, 1, 1, tzinfo=UTC),
                    traceparent="00-" + "a" * 32 + "-" + "b" * 16 + "-01")
    assert record.key == b"p1" and record.topic == "proposals.proposal"
    assert record.headers["ce_time"] == "2026-01-01T00:00:00Z" and "traceparent" in record.headers
    attributes, decoded = decode(_headers(record), record.value)
    assert decoded == event and attributes.id == "e1" and attributes.subject == "p1"


@pytest.mark.parametrize("mutate, error", [
    (lambda h, v: (dict(h, ce_id=b""), v), MalformedEvent),
    (lambda h, v: (dict(h, ce_specversion=b"0.3"), v), MalformedEvent),
    (lambda h, v: (dict(h, ce_time=b"yesterday"), v), MalformedEvent),
    (lambda h, v: (h, b"{not json"), MalformedEvent),
    (lambda h, v: (h, b'{"proposal_id": "p1"}'), MalformedEvent),
    (lambda h, v: (dict(h, ce_subject=b"other"), v), MalformedEvent),
    (lambda h, v: (dict(h, ce_type=b"proposals.proposal.closed.v9"), v), UnknownEventType),
])
def test_envelope_rejects_what_can_never_be_processed(mutate, error):
    record = encode(ProposalClosed(proposal_id="p1", version=3, reason="withdrawn"), event_id="e1", source="/x")
    headers, value = mutate(_headers(record), record.value)
    with pytest.raises(error):
        decode(headers, value)


def test_additive_fields_are_ignored_by_consumers():
    record = encode(ProposalClosed(proposal_id="p1", version=3, reason="withdrawn"), event_id="e1", source="/x")
    value = record.value[:-1] + b', "new_field": 42}'
    assert decode(_headers(record), value)[1].reason == "withdrawn"


def test_ids_are_time_ordered_and_unique():
    ids = [new_id() for _ in range(10_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert ids[0][14] == "7"  # UUID version 7


def test_cursor_round_trip_and_garbage():
    assert decode_cursor(encode_cursor("0190-abc")) == "0190-abc"
    assert decode_cursor(None) is None
    for garbage in ("%%%", "!!", "a"):
        with pytest.raises(Problem):
            decode_cursor(garbage)
    assert next_cursor(["a", "b", "c"], 2) == encode_cursor("b")
    assert next_cursor(["a", "b"], 2) is None


def test_version_check():
    check_version(3, 3)
    check_version(3, None)
    with pytest.raises(PreconditionFailed) as raised:
        check_version(4, 3)
    assert raised.value.headers["ETag"] == etag_for(4)


def test_retry_backoff_is_bounded_with_jitter():
    policy = RetryPolicy(max_attempts=5, backoff_seconds=0.2, backoff_max_seconds=1.0)
    delays = [policy.delay(attempt) for attempt in range(1, 10) for _ in range(20)]
    assert all(0 <= d <= 1.0 for d in delays) and len(set(delays)) > 1


def test_dead_letter_topic_is_per_group():
    assert dead_letter_topic("proposals.proposal", "notifications") == "proposals.proposal.dlq.notifications"
