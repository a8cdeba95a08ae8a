"""Event rules, pure: who schedules, times in UTC beside their zone, the checks on dates,
places and links, the registration window, changes and cancellation, the reminder's moment."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from communities.domain.access import Actor, Scope
from communities.domain.calendar import EventStatus, in_utc, schedule
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from contracts.events import (
    CommunityVisibility,
    EventCancelled,
    EventScheduled,
    MembershipRole,
    MembershipStatus,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=7)


def scope_of(role: MembershipRole | None, user: str = "u") -> Scope:
    community = Community(id="c1", name="Space makers", description="", visibility=CommunityVisibility.PUBLIC,
                          descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW)
    membership = None if role is None else Membership(id="m", community_id="c1", user_id=user, role=role,
                                                      status=MembershipStatus.ACTIVE, since=NOW)
    return Scope(actor=Actor(user), community=community, membership=membership)


MANAGER = scope_of(MembershipRole.MODERATOR)


def make(scope: Scope = MANAGER, **overrides):
    fields = {"event_id": "e1", "title": " Open day ", "description": "Come.", "starts_at": START,
                  "ends_at": START + timedelta(hours=2), "place": "Turin"}
    fields.update(overrides)
    return schedule(scope, now=NOW, **fields)


def test_a_manager_schedules_and_an_event_is_announced():
    event, [announced] = make()
    assert event.title == "Open day" and event.status is EventStatus.SCHEDULED and event.time_zone == "Europe/Rome"
    assert isinstance(announced, EventScheduled) and announced.revision == 1 and announced.community_id == "c1"


@pytest.mark.parametrize("role", [None, MembershipRole.MEMBER, MembershipRole.AUTHOR])
def test_only_managers_schedule(role):
    with pytest.raises(NotAllowed):
        make(scope_of(role))


def test_platform_events_are_the_operators():
    with pytest.raises(NotAllowed):
        make(Scope(actor=Actor("u")))
    event, _ = make(Scope(actor=Actor("op", operator=True)))
    assert event.community_id is None


def test_wall_clock_times_are_read_in_the_time_zone_and_kept_in_utc():
    assert in_utc(datetime(2026, 7, 1, 18, 0), "Europe/Rome") == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert in_utc(datetime(2026, 1, 1, 18, 0), "Europe/Rome") == datetime(2026, 1, 1, 17, 0, tzinfo=UTC)
    event, _ = make(starts_at=datetime(2026, 7, 1, 18, 0), ends_at=datetime(2026, 7, 1, 20, 0),
                    time_zone="America/New_York")
    assert event.starts_at == datetime(2026, 7, 1, 22, 0, tzinfo=UTC) and event.time_zone == "America/New_York"


@pytest.mark.parametrize("overrides", [
    {"time_zone": "Mars/Olympus"}, {"online_url": "http://example.org"}, {"online_url": "javascript:alert(1)"},
    {"ends_at": START}, {"ends_at": START + timedelta(days=40)}, {"starts_at": NOW - timedelta(hours=1)},
    {"place": None}, {"title": "  "}, {"capacity": 0},
    {"registration_closes_at": START + timedelta(hours=1)},
    {"registration_opens_at": START - timedelta(days=1), "registration_closes_at": START - timedelta(days=2)},
])
def test_bad_events_are_refused(overrides):
    with pytest.raises(CommunityRuleViolation):
        make(**overrides)


def test_an_online_event_needs_only_its_https_link():
    event, _ = make(place=None, online_url="https://meet.example.org/room")
    assert event.place is None and event.online_url == "https://meet.example.org/room"


def test_the_registration_window():
    event, _ = make(registration_opens_at=NOW + timedelta(days=1), registration_closes_at=START - timedelta(days=1))
    assert not event.registration_open(NOW)
    assert event.registration_open(NOW + timedelta(days=2))
    assert not event.registration_open(START - timedelta(hours=1))
    with pytest.raises(CommunityRuleViolation, match="not opened"):
        event.require_registration_open(NOW)
    with pytest.raises(CommunityRuleViolation, match="closed"):
        event.require_registration_open(START - timedelta(hours=1))
    open_at_once, _ = make()
    assert open_at_once.registration_open(NOW) and not open_at_once.registration_open(START)


def test_seats_left():
    event, _ = make(capacity=2)
    assert event.seats_left() == 2
    unlimited, _ = make()
    assert unlimited.seats_left() is None


def test_a_change_is_announced_as_a_new_revision_and_a_new_start_reminds_again():
    event, _ = make()
    from dataclasses import replace
    reminded = replace(event, reminded_at=NOW)
    same, events = reminded.revise(MANAGER, now=NOW, title="Open day")
    assert same is reminded and events == []
    retitled, [announced] = reminded.revise(MANAGER, now=NOW, title="Open day 2")
    assert retitled.revision == 2 and retitled.version == 2 and announced.revision == 2
    assert retitled.reminded_at == NOW  # same start: no second reminder
    moved, _ = reminded.revise(MANAGER, now=NOW, starts_at=START + timedelta(days=1),
                               ends_at=START + timedelta(days=1, hours=2))
    assert moved.reminded_at is None
    with pytest.raises(NotAllowed):
        event.revise(scope_of(MembershipRole.MEMBER), now=NOW, title="Mine")


def test_the_capacity_cannot_drop_below_the_registered():
    from dataclasses import replace
    event, _ = make(capacity=5)
    with pytest.raises(CommunityRuleViolation):
        replace(event, seats_taken=4).revise(MANAGER, now=NOW, capacity=3)


def test_cancelling_tells_the_participants_once():
    event, _ = make()
    cancelled, [told] = event.cancel(MANAGER, ["a", "b"], now=NOW)
    assert cancelled.status is EventStatus.CANCELLED and cancelled.revision == 2
    assert isinstance(told, EventCancelled) and told.participant_ids == ["a", "b"]
    again, events = cancelled.cancel(MANAGER, ["a"], now=NOW)
    assert again is cancelled and events == []
    assert not cancelled.registration_open(NOW)
    with pytest.raises(CommunityRuleViolation):
        cancelled.revise(MANAGER, now=NOW, title="Back")


def test_the_reminder_is_due_within_the_hours_before_the_start():
    event, _ = make()
    assert not event.reminder_due(START - timedelta(hours=25), 24)
    assert event.reminder_due(START - timedelta(hours=23), 24)
    assert not event.reminder_due(START + timedelta(minutes=1), 24)
    from dataclasses import replace
    assert not replace(event, reminded_at=NOW).reminder_due(START - timedelta(hours=1), 24)


@pytest.mark.parametrize("overrides", [
    {"starts_at": datetime(1, 1, 1, tzinfo=UTC).replace(tzinfo=None), "time_zone": "Asia/Tokyo"},
    {"starts_at": START + timedelta(days=6 * 366), "ends_at": START + timedelta(days=6 * 366, hours=1)},
])
def test_times_out_of_range_are_refused_not_crashed_on(overrides):
    with pytest.raises(CommunityRuleViolation):
        make(**overrides)
