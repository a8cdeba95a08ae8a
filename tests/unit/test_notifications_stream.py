"""The pure parts of the live stream: SSE framing and the resume merge."""
from __future__ import annotations

import pytest

from notifications.entrypoints import sse


def test_an_event_is_its_fields_then_a_blank_line():
    assert sse.event('{"a":1}', event="notification", id="0190-1") == b'id: 0190-1\nevent: notification\ndata: {"a":1}\n\n'
    assert sse.event("x") == b"data: x\n\n"


def test_each_line_of_the_data_is_a_data_line_whatever_its_line_breaks():
    assert sse.event("one\ntwo\r\nthree\rfour") == b"data: one\ndata: two\ndata: three\ndata: four\n\n"


@pytest.mark.parametrize("bad", ["a\nb", "a\rb", "a\0b"])
def test_an_id_or_name_cannot_break_the_framing(bad):
    with pytest.raises(ValueError):
        sse.event("x", id=bad)
    with pytest.raises(ValueError):
        sse.event("x", event=bad)


def test_retry_hint_and_comments():
    assert sse.retry(3000) == b"retry: 3000\n\n"
    assert sse.comment("keep-alive") == sse.KEEP_ALIVE == b": keep-alive\n\n"
    assert sse.comment("a\nb") == b": a\n: b\n\n"


def test_the_merge_admits_live_ones_not_replayed_and_each_replayed_one_never_twice():
    merge = sse.ResumeMerge()
    for seq in ("s2", "s3"):
        merge.replayed(seq)
    # Live order is commit order: an earlier seq may come after a later one and is still new.
    assert [merge.admit(seq) for seq in ("s3", "s4", "s1", "s2", "s5")] == [False, True, True, False, True]
    assert merge.admit("s3") is True  # a replayed one comes live once at most: the set forgets it
