"""How moderation reads the other capabilities' content: the kind → collection map agrees
with their adapters, and each kind's stored document reads as ReportedContent."""
from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from communities.adapters.moderation import CONTENT, content_from_doc
from communities.domain.moderation import ModerationState
from contracts.events import ContentKind

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind, module, constant", [
    (ContentKind.POST, "discussion", "POSTS"), (ContentKind.REPLY, "discussion", "REPLIES"),
    (ContentKind.NEWS, "news", "NEWS"), (ContentKind.DOCUMENT, "documents", "DOCUMENTS")])
def test_the_collections_are_the_ones_their_capabilities_keep(kind, module, constant):
    adapter = importlib.import_module(f"communities.adapters.{module}")
    if not hasattr(adapter, constant):
        pytest.skip(f"adapters/{module}.py names no {constant} yet")
    assert CONTENT[kind] == getattr(adapter, constant)


def test_a_reply_reads_with_its_topics_title():
    c = content_from_doc(ContentKind.REPLY, {"_id": "r1", "community_id": "c1", "post_id": "p1", "post_title": "Hi",
                                             "author_id": "u1", "body": "Yes *indeed*", "published_at": NOW})
    assert (c.title, c.post_id, c.author_id, c.text, c.available, c.at) == ("Hi", "p1", "u1", "Yes *indeed*", True,
                                                                           NOW)
    assert c.moderation.state is ModerationState.VISIBLE  # stored before moderation existed


def test_a_topic_deleted_by_its_author_is_not_available():
    c = content_from_doc(ContentKind.POST, {"_id": "p1", "community_id": "c1", "author_id": "u1", "title": "T",
                                            "body": "", "deleted_at": NOW,
                                            "moderation": {"state": "hidden", "reason": "x", "by": "m", "at": NOW}})
    assert not c.available and c.moderation.state is ModerationState.HIDDEN and c.moderation.by == "m"


@pytest.mark.parametrize("status, publish_at, withdraw_at, live", [
    ("published", NOW - timedelta(hours=1), None, True), ("published", NOW + timedelta(hours=1), None, False),
    ("published", NOW - timedelta(hours=2), NOW - timedelta(hours=1), False), ("draft", NOW, None, False)])
def test_news_is_available_while_live(status, publish_at, withdraw_at, live):
    c = content_from_doc(ContentKind.NEWS, {"_id": "n1", "community_id": None, "author_id": "op", "title": "News",
                                            "summary": "Short", "body": "Long", "status": status,
                                            "publish_at": publish_at, "withdraw_at": withdraw_at}, NOW)
    assert c.available is live and c.text == "Short" and c.community_id is None


def test_a_document_reads_with_its_latest_file_name():
    c = content_from_doc(ContentKind.DOCUMENT, {"_id": "d1", "community_id": "c1", "author_id": "u1", "title": "Plan",
                                                "versions": [{"filename": "a.pdf"}, {"filename": "b.pdf"}]})
    assert (c.title, c.text, c.available) == ("Plan", "b.pdf", True)
