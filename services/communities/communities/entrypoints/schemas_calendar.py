"""HTTP request and response bodies of calendar."""
from __future__ import annotations

from datetime import datetime

from contracts.events import RegistrationStatus
from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain import calendar as domain
from communities.domain.calendar import Event, EventStatus, Registration
from communities.entrypoints.rendering import render_markdown

Descriptors = list[SingleLineText]
WHEN = ("with its offset from UTC, or a wall-clock time in time_zone")


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText = Field(min_length=1, max_length=domain.TITLE_MAX)
    description: MultiLineText = Field(default="", max_length=domain.DESCRIPTION_MAX, description="Markdown")
    starts_at: datetime = Field(description=WHEN)
    ends_at: datetime = Field(description=WHEN)
    time_zone: SingleLineText = Field(default=domain.DEFAULT_TIME_ZONE, max_length=64, description="IANA")
    place: SingleLineText | None = Field(default=None, max_length=domain.PLACE_MAX)
    online_url: SingleLineText | None = Field(default=None, max_length=domain.URL_MAX, description="https only")
    capacity: int | None = Field(default=None, ge=1, le=domain.CAPACITY_MAX, description="none: no limit")
    registration_opens_at: datetime | None = Field(default=None, description="none: at once")
    registration_closes_at: datetime | None = Field(default=None, description="none: when it starts")
    descriptors: Descriptors = Field(default=[], max_length=20)


class EventPatch(BaseModel):
    """Only what changes; null clears place, online_url, capacity and the registration dates."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=1, max_length=domain.TITLE_MAX)
    description: MultiLineText | None = Field(default=None, max_length=domain.DESCRIPTION_MAX)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: SingleLineText | None = Field(default=None, max_length=64)
    place: SingleLineText | None = Field(default=None, max_length=domain.PLACE_MAX)
    online_url: SingleLineText | None = Field(default=None, max_length=domain.URL_MAX)
    capacity: int | None = Field(default=None, ge=1, le=domain.CAPACITY_MAX)
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    descriptors: Descriptors | None = Field(default=None, max_length=20)


class AttendanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attended: bool | None = Field(description="null: not marked")


class MyRegistration(BaseModel):
    status: RegistrationStatus
    position: int | None = Field(default=None, description="on the waiting list: 1 is next")
    registered_at: datetime
    attended: bool | None = None


class EventOut(BaseModel):
    id: str
    community_id: str | None
    community_name: str | None = None
    organiser_id: str
    title: str
    description: str
    description_html: str = Field(description="the description rendered and sanitised on the server")
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    place: str | None
    online_url: str | None
    capacity: int | None
    registered_count: int
    waiting_count: int
    seats_left: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    registration_open: bool
    descriptors: list[str]
    status: EventStatus
    past: bool
    version: int
    created_at: datetime
    updated_at: datetime
    ics_url: str = Field(description="the event as .ics, relative to the service (send the bearer token)")
    my_registration: MyRegistration | None = None
    can_manage: bool = False
    can_register: bool = False

    @classmethod
    def of(cls, e: Event, *, now: datetime, can_manage: bool, can_participate: bool,
           community_name: str | None = None, mine: MyRegistration | None = None) -> EventOut:
        base = f"/communities/{e.community_id}/events/{e.id}" if e.community_id else f"/events/{e.id}"
        active = mine is not None and mine.status is not RegistrationStatus.CANCELLED
        return cls(
            id=e.id, community_id=e.community_id, community_name=community_name, organiser_id=e.organiser_id,
            title=e.title, description=e.description, description_html=render_markdown(e.description),
            starts_at=e.starts_at, ends_at=e.ends_at, time_zone=e.time_zone, place=e.place, online_url=e.online_url,
            capacity=e.capacity, registered_count=e.seats_taken, waiting_count=e.waiting, seats_left=e.seats_left(),
            registration_opens_at=e.registration_opens_at, registration_closes_at=e.registration_closes_at,
            registration_open=e.registration_open(now), descriptors=list(e.descriptors), status=e.status,
            past=e.is_past(now), version=e.version, created_at=e.created_at, updated_at=e.updated_at,
            ics_url=f"{base}.ics", my_registration=mine, can_manage=can_manage,
            can_register=can_participate and e.registration_open(now) and not active)


class RegistrationOut(BaseModel):
    event_id: str
    user_id: str
    status: RegistrationStatus
    position: int | None = None
    registered_at: datetime
    changed_at: datetime
    attended: bool | None = None

    @classmethod
    def of(cls, r: Registration, position: int | None = None) -> RegistrationOut:
        return cls(event_id=r.event_id, user_id=r.user_id, status=r.status, position=position,
                   registered_at=r.registered_at, changed_at=r.changed_at, attended=r.attended)


class AttendanceOut(BaseModel):
    event_id: str
    registered: list[RegistrationOut]
    waiting: list[RegistrationOut]
    cancelled: list[RegistrationOut]


class FeedTokenOut(BaseModel):
    url: str = Field(description="the secret address of the personal feed: shown once, kept only as a hash")
    created_at: datetime


class FeedStateOut(BaseModel):
    active: bool
    created_at: datetime | None = None
