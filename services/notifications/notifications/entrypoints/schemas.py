"""HTTP response bodies."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

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
    community_id: str | None = Field(
        default=None, description="The community the subject belongs to, when it lives in one (a post).")
    subject_title: str | None = Field(
        default=None, description="What it is about (a proposal's or post's title, a community's name), for a "
                                  "client that words the notification in the reader's language; `title` is English.")
    actor: str | None = Field(default=None, description="Who did it, when named (a requester, an inviter; an EEN "
                                                        "partner).")
    community_name: str | None = Field(default=None, description="The community's name, for content that lives in one.")
    starts_at: datetime | None = Field(default=None, description="When what it is about happens (an event).")
    seq: str = Field(description="Its position in the member's inbox, time-ordered: the id of its event on "
                                 "`GET /stream`, which resumes after it (`Last-Event-ID`).")

    @classmethod
    def of(cls, n: Notification) -> NotificationOut:
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, subject_type=n.subject_type,
                   subject_id=n.subject_id, created_at=n.created_at, read_at=n.read_at,
                   community_id=n.community_id, subject_title=n.subject_title, actor=n.actor, seq=n.seq,
                   community_name=n.community_name, starts_at=n.starts_at)


class UnreadCountOut(BaseModel):
    unread: int


class StreamNotificationOut(BaseModel):
    """The data of a `notification` event on `GET /stream`."""

    notification: NotificationOut
    unread: int = Field(description="The member's unread count with this notification.")


class MarkedReadOut(BaseModel):
    marked_read: int
