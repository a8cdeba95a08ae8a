"""The calendar service layer with in-memory repositories: who registers, the waiting list
and its first-in-first-out promotion, capacity growing, cancellation, attendance, the feed
token kept as a hash, and run_due reminding each event once."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from communities.domain.access import Actor
from communities.domain.calendar import Event, Registration
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.service_layer import calendar as handlers
from contracts.events import (
    CommunityVisibility,
    EventReminderDue,
    MembershipRole,
    MembershipStatus,
    RegistrationChanged,
    RegistrationStatus,
)
from servicekit.exceptions import Forbidden, NotFound

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)
START = NOW + timedelta(days=5)


class FakeEvents:
    def __init__(self) -> None:
        self.rows: dict[str, Event] = {}
        self.queue: dict[str, int] = {}

    async def add(self, event: Event) -> None:
        self.rows[event.id] = event

    async def get(self, event_id: str) -> Event | None:
        return self.rows.get(event_id)

    async def save(self, event: Event) -> None:
        stored = self.rows[event.id]
        assert stored.version == event.version - 1
        self.rows[event.id] = replace(event, seats_taken=stored.seats_taken, waiting=stored.waiting)

    async def take_seat(self, event_id: str, capacity: int | None) -> bool:
        e = self.rows[event_id]
        if e.cancelled or (capacity is not None and e.seats_taken >= capacity):
            return False
        self.rows[event_id] = replace(e, seats_taken=e.seats_taken + 1)
        return True

    async def release_seat(self, event_id: str) -> None:
        e = self.rows[event_id]
        self.rows[event_id] = replace(e, seats_taken=max(0, e.seats_taken - 1))

    async def join_queue(self, event_id: str) -> int:
        e = self.rows[event_id]
        self.rows[event_id] = replace(e, waiting=e.waiting + 1)
        self.queue[event_id] = self.queue.get(event_id, 0) + 1
        return self.queue[event_id]

    async def leave_queue(self, event_id: str) -> None:
        e = self.rows[event_id]
        self.rows[event_id] = replace(e, waiting=max(0, e.waiting - 1))

    async def due_reminders(self, now: datetime, until: datetime, limit: int) -> list[str]:
        return [e.id for e in self.rows.values()
                if not e.cancelled and e.reminded_at is None and now < e.starts_at <= until][:limit]

    async def mark_reminded(self, event_id: str, starts_at: datetime, now: datetime) -> bool:
        e = self.rows[event_id]
        if e.reminded_at is not None or e.starts_at != starts_at:
            return False
        self.rows[event_id] = replace(e, reminded_at=now)
        return True


class FakeRegistrations:
    def __init__(self) -> None:
        self.rows: dict[str, Registration] = {}

    async def get(self, event_id: str, user_id: str) -> Registration | None:
        return self.rows.get(f"{event_id}:{user_id}")

    async def save(self, registration: Registration) -> None:
        self.rows[registration.id] = registration

    async def first_waiting(self, event_id: str) -> Registration | None:
        waiting = [r for r in self.rows.values() if r.event_id == event_id and r.status is RegistrationStatus.WAITING]
        return min(waiting, key=lambda r: r.queue, default=None)

    async def participant_ids(self, event_id: str, *, waiting_too: bool = False) -> list[str]:
        ok = {RegistrationStatus.REGISTERED} | ({RegistrationStatus.WAITING} if waiting_too else set())
        return [r.user_id for r in self.rows.values() if r.event_id == event_id and r.status in ok]


class FakeFeedTokens:
    def __init__(self) -> None:
        self.rows: dict[str, str] = {}

    async def put(self, user_id: str, token_hash: str, now: datetime) -> None:
        self.rows[user_id] = token_hash

    async def delete(self, user_id: str) -> bool:
        return self.rows.pop(user_id, None) is not None


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    events: FakeEvents
    registrations: FakeRegistrations
    feed_tokens: FakeFeedTokens


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility in (("open", CommunityVisibility.PUBLIC), ("closed", CommunityVisibility.CLOSED)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW))
        for user, role in [("owner", MembershipRole.OWNER)] + [(f"m{i}", MembershipRole.MEMBER) for i in range(5)]:
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=MembershipStatus.ACTIVE, since=NOW))
    return ctx


async def scheduled(ctx: Ctx, community_id: str | None = "open", **overrides) -> Event:
    fields = {"title": "Open day", "description": "", "starts_at": START, "ends_at": START + timedelta(hours=2),
                  "place": "Turin"}
    fields.update(overrides)
    actor = Actor("op", operator=True) if community_id is None else Actor("owner")
    return await FakeUnitOfWork(ctx).handle(handlers.schedule_event, handlers.ScheduleEvent(
        community_id=community_id, actor=actor, **fields))


async def register(ctx: Ctx, event: Event, user: str) -> Registration:
    return await FakeUnitOfWork(ctx).handle(handlers.register, handlers.EventAction(
        community_id=event.community_id, event_id=event.id, actor=Actor(user)))


async def unregister(ctx: Ctx, event: Event, user: str) -> Registration:
    return await FakeUnitOfWork(ctx).handle(handlers.cancel_registration, handlers.EventAction(
        community_id=event.community_id, event_id=event.id, actor=Actor(user)))


async def test_registrations_fill_the_seats_then_wait_and_are_promoted_in_order(ctx):
    event = await scheduled(ctx, capacity=2)
    got = [await register(ctx, event, f"m{i}") for i in range(5)]
    assert [r.status for r in got] == [RegistrationStatus.REGISTERED] * 2 + [RegistrationStatus.WAITING] * 3
    assert ctx.events.rows[event.id].seats_taken == 2 and ctx.events.rows[event.id].waiting == 3
    ctx.published.clear()
    await unregister(ctx, event, "m1")
    assert ctx.registrations.rows[f"{event.id}:m2"].status is RegistrationStatus.REGISTERED
    assert ctx.registrations.rows[f"{event.id}:m3"].status is RegistrationStatus.WAITING
    cancelled, promoted = ctx.published
    assert isinstance(promoted, RegistrationChanged) and promoted.promoted and promoted.user_id == "m2"
    assert cancelled.status is RegistrationStatus.CANCELLED and not cancelled.promoted
    assert ctx.events.rows[event.id].seats_taken == 2 and ctx.events.rows[event.id].waiting == 2


async def test_a_waiting_member_who_cancels_leaves_the_queue_without_promoting_anyone(ctx):
    event = await scheduled(ctx, capacity=1)
    for user in ("m0", "m1", "m2"):
        await register(ctx, event, user)
    await unregister(ctx, event, "m1")
    assert ctx.events.rows[event.id].waiting == 1 and ctx.events.rows[event.id].seats_taken == 1
    await unregister(ctx, event, "m0")
    assert ctx.registrations.rows[f"{event.id}:m2"].status is RegistrationStatus.REGISTERED


async def test_a_larger_capacity_promotes_the_waiting_list(ctx):
    event = await scheduled(ctx, capacity=1)
    for user in ("m0", "m1", "m2"):
        await register(ctx, event, user)
    await FakeUnitOfWork(ctx).handle(handlers.revise_event, handlers.ReviseEvent(
        community_id="open", event_id=event.id, actor=Actor("owner"), expected_version=1, changes={"capacity": 3}))
    assert all(ctx.registrations.rows[f"{event.id}:{u}"].holds_a_seat for u in ("m0", "m1", "m2"))


async def test_registering_twice_changes_nothing_and_coming_back_after_cancelling_works(ctx):
    event = await scheduled(ctx)
    first = await register(ctx, event, "m0")
    assert await register(ctx, event, "m0") == first
    await unregister(ctx, event, "m0")
    back = await register(ctx, event, "m0")
    assert back.status is RegistrationStatus.REGISTERED and ctx.events.rows[event.id].seats_taken == 1


@pytest.mark.parametrize("community_id, user, error", [
    ("open", "stranger", Forbidden), ("closed", "stranger", NotFound)])
async def test_only_members_register(ctx, community_id, user, error):
    event = await scheduled(ctx, community_id)
    with pytest.raises(error):
        await register(ctx, event, user)


async def test_anyone_signed_in_registers_for_a_platform_event(ctx):
    event = await scheduled(ctx, None)
    assert (await register(ctx, event, "anyone")).status is RegistrationStatus.REGISTERED


async def test_no_registration_for_a_cancelled_event_and_participants_are_told(ctx):
    event = await scheduled(ctx)
    await register(ctx, event, "m0")
    await FakeUnitOfWork(ctx).handle(handlers.cancel_event, handlers.EventAction(
        community_id="open", event_id=event.id, actor=Actor("owner")))
    assert ctx.published[-1].participant_ids == ["m0"]
    with pytest.raises(CommunityRuleViolation):
        await register(ctx, event, "m1")


async def test_attendance_is_marked_by_managers_for_registered_participants(ctx):
    event = await scheduled(ctx)
    await register(ctx, event, "m0")

    def mark(actor: str, user: str) -> handlers.MarkAttendance:
        return handlers.MarkAttendance(community_id="open", event_id=event.id, actor=Actor(actor), user_id=user,
                                       attended=True)
    assert (await FakeUnitOfWork(ctx).handle(handlers.mark_attendance, mark("owner", "m0"))).attended is True
    with pytest.raises(NotAllowed):
        await FakeUnitOfWork(ctx).handle(handlers.mark_attendance, mark("m1", "m0"))
    with pytest.raises(NotFound):
        await FakeUnitOfWork(ctx).handle(handlers.mark_attendance, mark("owner", "m1"))


async def test_the_feed_token_is_kept_as_a_hash_and_rotates(ctx):
    uow = FakeUnitOfWork(ctx)
    token = await uow.handle(handlers.rotate_feed_token, handlers.RotateFeedToken(Actor("m0")))
    assert ctx.feed_tokens.rows["m0"] == handlers.hash_token(token) != token and len(token) >= 40
    again = await uow.handle(handlers.rotate_feed_token, handlers.RotateFeedToken(Actor("m0")))
    assert again != token and ctx.feed_tokens.rows["m0"] == handlers.hash_token(again)
    assert await uow.handle(handlers.revoke_feed_token, handlers.RevokeFeedToken(Actor("m0"))) is True
    assert "m0" not in ctx.feed_tokens.rows


async def test_run_due_reminds_each_event_once(ctx):
    event = await scheduled(ctx)
    await register(ctx, event, "m0")
    uow = FakeUnitOfWork(ctx)
    assert await handlers.run_due(uow, START - timedelta(hours=30), hours=24) == 0
    assert await handlers.run_due(uow, START - timedelta(hours=10), hours=24) == 1
    assert await handlers.run_due(uow, START - timedelta(hours=9), hours=24) == 0
    [reminder] = [e for e in ctx.published if isinstance(e, EventReminderDue)]
    assert reminder.participant_ids == ["m0"] and reminder.event_id == event.id
