"""Moderation state that every reportable piece of content carries (topics, replies, news,
documents), stored on the content itself as the subdocument `moderation`, so each list
filters hidden content out in its own query. The rules that move it (reports, thresholds,
a manager's decision) are in `domain/reports.py`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ModerationState(StrEnum):
    VISIBLE = "visible"
    HIDDEN_PENDING_REVIEW = "hidden_pending_review"  # reported by enough distinct members
    HIDDEN = "hidden"    # a manager hid it: managers and its author still see it, marked
    REMOVED = "removed"  # a manager removed it: only a "removed by a moderator" trace is left


@dataclass(frozen=True)
class Moderation:
    state: ModerationState = ModerationState.VISIBLE
    reason: str | None = None
    by: str | None = None  # the moderator; None for the report threshold
    at: datetime | None = None

    @property
    def visible(self) -> bool:
        return self.state is ModerationState.VISIBLE

    def to_doc(self) -> dict:
        return {"state": self.state.value, "reason": self.reason, "by": self.by, "at": self.at}

    @staticmethod
    def from_doc(doc: dict | None) -> Moderation:
        if not doc:
            return Moderation()
        return Moderation(state=ModerationState(doc["state"]), reason=doc.get("reason"), by=doc.get("by"),
                          at=doc.get("at"))


# The query that keeps hidden content from members who do not moderate (documents stored
# before moderation existed have no state and are visible).
VISIBLE_ONLY = {"moderation.state": {"$in": [ModerationState.VISIBLE.value, None]}}
