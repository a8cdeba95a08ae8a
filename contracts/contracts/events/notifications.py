"""Events published by the notifications service."""
from datetime import datetime
from typing import ClassVar

from contracts import topics
from contracts.events.base import IntegrationEvent


class NotificationCreated(IntegrationEvent):
    event_type: ClassVar[str] = "notifications.notification.created.v1"
    topic: ClassVar[str] = topics.NOTIFICATIONS_NOTIFICATION
    subject_field: ClassVar[str] = "user_id"  # keyed by recipient: one inbox's events stay ordered

    notification_id: str
    user_id: str
    kind: str
    title: str
    created_at: datetime
