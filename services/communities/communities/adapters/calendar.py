"""MongoDB adapters of calendar: events, registrations with a waiting list, .ics calendars and feeds, reminders."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase


class CalendarRepositories:
    """Mixed into CommunitiesContext: the calendar repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""


async def ensure_calendar_indexes(db: AsyncDatabase) -> None:
    return None
