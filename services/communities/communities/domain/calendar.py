"""Events: in a community, or platform-wide (managed by platform operators). Pure: no I/O.

- An event is *scheduled* or *cancelled*. Its times are kept in UTC beside the IANA time zone
  it was planned in (Europe/Rome unless told), so calendars show it at the right local time.
- The scope's managers schedule, change and cancel events; members (whoever takes part in
  the scope) register between `registration_opens_at` and `registration_closes_at` (the start
  when absent).
- Capacity (optional): once the seats are taken a registration waits, first in, first
  promoted when a registered participant cancels or the capacity grows. The seat count is a
  counter on the event taken with a conditional update (adapters/calendar.py), so concurrent
  registrations never overbook.
- A reminder (EventReminderDue) goes out once per event, `event_reminder_hours` before it
  starts; changing the start time lets it go out again."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from contracts.events import (
    EventCancelled,
    EventReminderDue,
    EventScheduled,
    RegistrationChanged,
    RegistrationStatus,
)

from communities.domain.access import Scope
from communities.domain.model import MAX_DESCRIPTORS, CommunityRuleViolation, NotAllowed

TITLE_MAX = 200
DESCRIPTION_MAX = 20000
PLACE_MAX = 300
URL_MAX = 2000
CAPACITY_MAX = 100000
DEFAULT_TIME_ZONE = "Europe/Rome"
LONGEST = timedelta(days=31)
FURTHEST = timedelta(days=5 * 366)  # how far ahead an event may be scheduled


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


def _now() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    if name not in _zones():
        raise CommunityRuleViolation(f"{name!r} is not an IANA time zone (such as Europe/Rome).")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommunityRuleViolation(f"{name!r} is not an IANA time zone (such as Europe/Rome).") from None


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def in_utc(at: datetime | None, time_zone: str) -> datetime | None:
    """A time with its offset, or a wall-clock time in `time_zone`, in UTC to the millisecond."""
    if at is None:
        return None
    try:
        if at.tzinfo is None:
            at = at.replace(tzinfo=zone(time_zone))
        at = at.astimezone(UTC)
    except (OverflowError, ValueError):
        raise CommunityRuleViolation("That time is out of range.") from None
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def check_online_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc or len(url) > URL_MAX or any(c.isspace() for c in url):
        raise CommunityRuleViolation("The online link must be an https:// address.")
    return url


@dataclass(frozen=True)
class Event:
    id: str
    community_id: str | None  # None: platform-wide
    organiser_id: str
    title: str
    description: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    time_zone: str
    created_at: datetime
    updated_at: datetime
    place: str | None = None
    online_url: str | None = None
    capacity: int | None = None  # None: no limit
    registration_opens_at: datetime | None = None  # None: at once
    registration_closes_at: datetime | None = None  # None: when it starts
    descriptors: tuple[str, ...] = ()
    status: EventStatus = EventStatus.SCHEDULED
    version: int = 1
    revision: int = 1  # the calendars' SEQUENCE: grows with every change participants see
    seats_taken: int = 0  # registered participants (the adapter's counter)
    waiting: int = 0  # on the waiting list
    reminded_at: datetime | None = None
    cancelled_at: datetime | None = None

    # -- what it is now ---------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self.status is EventStatus.CANCELLED

    @property
    def closes_at(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def is_past(self, now: datetime) -> bool:
        return self.ends_at <= now

    def registration_open(self, now: datetime) -> bool:
        if self.cancelled or now >= self.closes_at or now >= self.starts_at:
            return False
        return self.registration_opens_at is None or self.registration_opens_at <= now

    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.seats_taken)

    def require_registration_open(self, now: datetime) -> None:
        if self.cancelled:
            raise CommunityRuleViolation("This event was cancelled.")
        if now >= self.starts_at:
            raise CommunityRuleViolation("This event has already started.")
        if self.registration_opens_at is not None and now < self.registration_opens_at:
            raise CommunityRuleViolation("Registration has not opened yet.")
        if now >= self.closes_at:
            raise CommunityRuleViolation("Registration has closed.")

    # -- managers ---------------------------------------------------------------------------
    def revise(self, scope: Scope, *, now: datetime | None = None, **changes) -> tuple[Event, list]:
        """Changes some of title, description, starts_at, ends_at, time_zone, place,
        online_url, capacity, registration_opens_at, registration_closes_at, descriptors
        (a None clears place, online_url, capacity and the registration dates)."""
        now = now or _now()
        require_manager(scope, "change an event")
        if self.cancelled:
            raise CommunityRuleViolation("This event was cancelled: it can no longer be changed.")
        time_zone = changes.get("time_zone") or self.time_zone
        zone(time_zone)
        fields: dict = {}
        for key, value in changes.items():
            if key in ("title", "description", "starts_at", "ends_at", "time_zone", "descriptors") and value is None:
                continue
            fields[key] = value
        for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            if key in fields:
                fields[key] = in_utc(fields[key], time_zone)
        for key in ("title", "description"):
            if key in fields:
                fields[key] = fields[key].strip()
        if "place" in fields:
            fields["place"] = (fields["place"] or "").strip() or None
        if "online_url" in fields:
            fields["online_url"] = check_online_url(fields["online_url"])
        if "descriptors" in fields:
            fields["descriptors"] = _dedupe(fields["descriptors"])
        revised = replace(self, **fields)
        if revised == self:
            return self, []
        _check(revised)
        if revised.capacity is not None and revised.capacity < self.seats_taken:
            raise CommunityRuleViolation(
                f"{self.seats_taken} participants are registered already: the capacity cannot be lower.")
        if revised.starts_at != self.starts_at:
            _check_horizon(revised, now)
        rescheduled = revised.starts_at != self.starts_at
        revised = replace(revised, updated_at=now, version=self.version + 1, revision=self.revision + 1,
                          reminded_at=None if rescheduled else self.reminded_at)
        return revised, [revised.scheduled_event(scope)]

    def cancel(self, scope: Scope, participant_ids: list[str], *, now: datetime | None = None) -> tuple[Event, list]:
        now = now or _now()
        require_manager(scope, "cancel an event")
        if self.cancelled:
            return self, []
        cancelled = replace(self, status=EventStatus.CANCELLED, cancelled_at=now, updated_at=now,
                            version=self.version + 1, revision=self.revision + 1)
        return cancelled, [EventCancelled(**scope.event_fields(), event_id=self.id, title=self.title,
                                          starts_at=self.starts_at, participant_ids=participant_ids)]

    # -- the scheduler ----------------------------------------------------------------------
    def reminder_due(self, now: datetime, hours: float) -> bool:
        return (not self.cancelled and self.reminded_at is None and now < self.starts_at
                <= now + timedelta(hours=hours))

    def reminder(self, scope: Scope, participant_ids: list[str]) -> EventReminderDue:
        return EventReminderDue(**scope.event_fields(), event_id=self.id, title=self.title, starts_at=self.starts_at,
                                time_zone=self.time_zone, place=self.place, online_url=self.online_url,
                                participant_ids=participant_ids)

    # -- events -----------------------------------------------------------------------------
    def scheduled_event(self, scope: Scope) -> EventScheduled:
        return EventScheduled(**scope.event_fields(), event_id=self.id, revision=self.revision, title=self.title,
                              starts_at=self.starts_at, ends_at=self.ends_at, time_zone=self.time_zone,
                              place=self.place, online_url=self.online_url, organiser_id=self.organiser_id,
                              descriptors=list(self.descriptors))


@dataclass(frozen=True)
class Registration:
    """One member's registration for one event (kept when cancelled: they may come back)."""

    event_id: str
    user_id: str
    community_id: str | None
    status: RegistrationStatus
    registered_at: datetime  # when they last asked
    changed_at: datetime
    queue: int = 0  # the waiting list's order: first in, first promoted
    attended: bool | None = None  # a manager's attendance mark
    version: int = 1

    @property
    def id(self) -> str:
        return registration_id(self.event_id, self.user_id)

    @property
    def holds_a_seat(self) -> bool:
        return self.status is RegistrationStatus.REGISTERED

    @property
    def active(self) -> bool:
        return self.status is not RegistrationStatus.CANCELLED


def registration_id(event_id: str, user_id: str) -> str:
    return f"{event_id}:{user_id}"


def changed(event: Event, scope: Scope, registration: Registration, *, promoted: bool = False) -> RegistrationChanged:
    return RegistrationChanged(**scope.event_fields(), event_id=event.id, title=event.title,
                               user_id=registration.user_id, status=registration.status, promoted=promoted,
                               starts_at=event.starts_at, changed_at=registration.changed_at)


def schedule(scope: Scope, *, event_id: str, title: str, description: str, starts_at: datetime, ends_at: datetime,
             time_zone: str = DEFAULT_TIME_ZONE, place: str | None = None, online_url: str | None = None,
             capacity: int | None = None, registration_opens_at: datetime | None = None,
             registration_closes_at: datetime | None = None, descriptors: list[str] | tuple[str, ...] = (),
             now: datetime | None = None) -> tuple[Event, list]:
    """A manager of the scope schedules an event (the caller checked the scope exists and reads)."""
    now = now or _now()
    require_manager(scope, "schedule events")
    time_zone = time_zone or DEFAULT_TIME_ZONE
    zone(time_zone)
    event = Event(id=event_id, community_id=scope.community_id, organiser_id=scope.actor.user_id,
                  title=title.strip(), description=description.strip(), starts_at=in_utc(starts_at, time_zone),
                  ends_at=in_utc(ends_at, time_zone), time_zone=time_zone, place=(place or "").strip() or None,
                  online_url=check_online_url(online_url), capacity=capacity,
                  registration_opens_at=in_utc(registration_opens_at, time_zone),
                  registration_closes_at=in_utc(registration_closes_at, time_zone),
                  descriptors=_dedupe(descriptors), created_at=now, updated_at=now)
    _check(event)
    if event.starts_at <= now:
        raise CommunityRuleViolation("An event is scheduled in the future: its start has passed.")
    _check_horizon(event, now)
    return event, [event.scheduled_event(scope)]


def require_manager(scope: Scope, action: str) -> None:
    if not scope.can_manage():
        who = "platform operators" if scope.is_platform else "the community's owner and moderators"
        raise NotAllowed(f"Only {who} can {action}.")


def _check_horizon(event: Event, now: datetime) -> None:
    if event.starts_at > now + FURTHEST:
        raise CommunityRuleViolation("An event is scheduled at most five years ahead.")


def _check(event: Event) -> None:
    if not event.title:
        raise CommunityRuleViolation("An event needs a title.")
    if len(event.title) > TITLE_MAX:
        raise CommunityRuleViolation(f"A title has at most {TITLE_MAX} characters.")
    if len(event.description) > DESCRIPTION_MAX:
        raise CommunityRuleViolation(f"A description has at most {DESCRIPTION_MAX} characters.")
    if event.place is not None and len(event.place) > PLACE_MAX:
        raise CommunityRuleViolation(f"A place has at most {PLACE_MAX} characters.")
    if event.place is None and event.online_url is None:
        raise CommunityRuleViolation("Say where it takes place: a place, an online link, or both.")
    if event.ends_at <= event.starts_at:
        raise CommunityRuleViolation("An event ends after it starts.")
    if event.ends_at - event.starts_at > LONGEST:
        raise CommunityRuleViolation("An event lasts at most 31 days.")
    if event.capacity is not None and not 1 <= event.capacity <= CAPACITY_MAX:
        raise CommunityRuleViolation(f"The capacity is between 1 and {CAPACITY_MAX}.")
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if closes is not None and closes > event.starts_at:
        raise CommunityRuleViolation("Registration closes before the event starts.")
    if opens is not None and opens >= (closes or event.starts_at):
        raise CommunityRuleViolation("Registration opens before it closes.")
    if len(event.descriptors) > MAX_DESCRIPTORS:
        raise CommunityRuleViolation(f"At most {MAX_DESCRIPTORS} descriptors.")


def _dedupe(codes) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
