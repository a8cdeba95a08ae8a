"""HTTP response bodies."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from notifications.domain.model import Notification, NotificationKind, SubjectType


class NotificationOut(BaseModel):
    id: str
    kind: NotificationKind
    title: str
    body: str
    subject_type: SubjectType
    subject_id: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, n: Notification) -> NotificationOut:
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, subject_type=n.subject_type,
                   subject_id=n.subject_id, created_at=n.created_at, read_at=n.read_at)


class UnreadCountOut(BaseModel):
    unread: int


class MarkedReadOut(BaseModel):
    marked_read: int
