"""HTTP routes of calendar: events, registrations with a waiting list, .ics calendars and feeds, reminders. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["calendar"])
