"""Events as iCalendar (RFC 5545), written with the `icalendar` package: one VEVENT per event
with a stable UID, SEQUENCE growing with each change, STATUS:CANCELLED for cancelled ones,
DTSTART/DTEND in the event's time zone (TZID) with its VTIMEZONE, text escaped by the library.
Each VEVENT is written once per revision and kept (an LRU cache): a feed request reuses them."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date
from functools import lru_cache

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from communities.domain.calendar import Event, zone
from communities.entrypoints.rendering import plain_excerpt

PRODID = "-//Open Innovation Piemonte//Communities//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
UID_DOMAIN = "communities.open-innovation"


def uid_of(event: Event) -> str:
    return f"{event.id}@{UID_DOMAIN}"


@lru_cache(maxsize=64)
def _vtimezone(name: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of the years the events span (computed once per zone and span)."""
    return Timezone.from_tzinfo(zone(name), tzid=name, first_date=date(first_year, 1, 1),
                                last_date=date(last_year, 12, 31)).to_ical()


def vevent(event: Event, *, url: str | None = None) -> VEvent:
    """One event. DTSTAMP is its last revision (no METHOD: a published calendar, RFC 5545
    §3.8.7.2), so the same revision always writes the same bytes."""
    tz = zone(event.time_zone)
    component = VEvent()
    component.add("uid", uid_of(event))
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("sequence", event.revision - 1)
    component.add("dtstart", event.starts_at.astimezone(tz))
    component.add("dtend", event.ends_at.astimezone(tz))
    component.add("summary", event.title)
    description = plain_excerpt(event.description, 4000) if event.description else ""
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    location = event.place or event.online_url
    if location:
        component.add("location", location)
    if url:
        component.add("url", url)
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return component


@lru_cache(maxsize=20000)
def _vevent_ical(event: Event, url: str | None) -> bytes:
    """Written once per revision of an event (Event is frozen, so it is its own cache key):
    feeds hold the same events request after request, and folding lines is the costly part."""
    return vevent(event, url=url).to_ical()


def calendar_of(events: Iterable[Event], *, name: str, url_of: Callable[[Event], str] | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    events = list(events)
    years: dict[str, tuple[int, int]] = {}
    for e in events:
        first, last = years.get(e.time_zone, (e.starts_at.year, e.ends_at.year))
        years[e.time_zone] = (min(first, e.starts_at.year), max(last, e.ends_at.year))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    parts = [head[:-len(end)]]
    parts.extend(_vtimezone(zone_name, first, last) for zone_name, (first, last) in sorted(years.items())
                 if zone_name != "UTC")
    parts.extend(_vevent_ical(e, url_of(e) if url_of else None) for e in events)
    parts.append(end)
    return b"".join(parts)
