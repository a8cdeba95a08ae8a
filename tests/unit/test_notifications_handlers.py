"""The notifications service layer with in-memory repositories: the rules that live in
handlers (who a proposal reaches, one notification per member and subject however often
an event comes, read models that ignore stale events, erasure that is final, notices of
requests to join, a member's own inbox only) in milliseconds."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.events import MembershipRole, MembershipStatus, NotificationCreated
from notifications.domain.model import Membership, Notification, NotificationKind, Preferences, Profile, ProposalAudience
from notifications.service_layer import commands, handlers
from servicekit.exceptions import NotFound
from servicekit.ids import new_id
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

ACTIVE, PENDING, REMOVED = MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.REMOVED
OWNER, MODERATOR, MEMBER = MembershipRole.OWNER, MembershipRole.MODERATOR, MembershipRole.MEMBER
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class FakeProfiles:
    def __init__(self) -> None:
        self.store: FakeStore[Profile] = FakeStore(key=lambda p: p.user_id)

    async def get(self, user_id: str) -> Profile | None:
        return self.store.rows.get(user_id)

    async def put(self, profile: Profile) -> None:
        self.store.replace(profile)

    async def of_users(self, user_ids: Iterable[str]) -> dict[str, Profile]:
        return {u: self.store.rows[u] for u in user_ids if u in self.store.rows}

    async def matching(self, audience: ProposalAudience) -> list[str]:
        # The rule the Mongo query implements, taken from the domain.
        return [p.user_id for p in self.store.where(audience.admits)]


class FakeMemberships:
    def __init__(self) -> None:
        self.store: FakeStore[Membership] = FakeStore(key=lambda m: f"{m.community_id}:{m.user_id}")

    async def get(self, community_id: str, user_id: str) -> Membership | None:
        return self.store.rows.get(f"{community_id}:{user_id}")

    async def put(self, membership: Membership) -> None:
        self.store.replace(membership)

    async def active_in(self, community_id: str) -> list[Membership]:
        return self.store.where(lambda m: m.community_id == community_id and m.active)

    async def of_users_in(self, community_id: str, user_ids: Iterable[str]) -> list[Membership]:
        return [m for u in dict.fromkeys(user_ids) if (m := self.store.rows.get(f"{community_id}:{u}")) is not None]

    async def moderators_of(self, community_id: str) -> list[Membership]:
        return self.store.where(lambda m: m.community_id == community_id and m.moderates)

    async def remove_user(self, user_id: str) -> None:
        for key in [k for k, m in self.store.rows.items() if m.user_id == user_id]:
            del self.store.rows[key]


class FakeInbox:
    def __init__(self) -> None:
        self.store: FakeStore[Notification] = FakeStore()

    async def existing_ids(self, ids: list[str]) -> set[str]:
        return set(ids) & set(self.store.rows)

    async def add_all(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            self.store.insert(notification)  # a duplicate id would abort the real transaction

    async def get(self, notification_id: str) -> Notification | None:
        return self.store.rows.get(notification_id)

    async def save_read(self, notification: Notification) -> None:
        self.store.replace(replace(self.store.rows[notification.id], read_at=notification.read_at))

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        unread = self.store.where(lambda n: n.user_id == user_id and n.read_at is None)
        for notification in unread:
            self.store.replace(replace(notification, read_at=at))
        return len(unread)

    async def remove_user(self, user_id: str) -> None:
        for notification in self.store.where(lambda n: n.user_id == user_id):
            del self.store.rows[notification.id]

    def of(self, user_id: str) -> list[Notification]:
        return self.store.where(lambda n: n.user_id == user_id)


@dataclass(frozen=True)
class Told:
    key: str
    user_id: str
    what: str  # a notification id, or "unread"


class FakeLive:
    """What the handlers told the members' open streams (kept or dropped with the transaction)."""

    def __init__(self) -> None:
        self.store: FakeStore[Told] = FakeStore(key=lambda told: told.key)

    def notification(self, notification: Notification) -> None:
        self.store.insert(Told(str(len(self.store.rows)), notification.user_id, notification.id))

    def unread_changed(self, user_id: str) -> None:
        self.store.insert(Told(str(len(self.store.rows)), user_id, "unread"))

    def told(self) -> list[tuple[str, str]]:
        return [(t.user_id, t.what) for t in sorted(self.store.rows.values(), key=lambda t: int(t.key))]


class FakeNotificationsContext(FakeContext):
    profiles: FakeProfiles
    memberships: FakeMemberships
    inbox: FakeInbox
    live: FakeLive


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeNotificationsContext]:
    return FakeUnitOfWork(FakeNotificationsContext())


async def profile(uow, user_id: str, *interests: str, version: int = 1, name: str = "", **prefs: bool) -> None:
    await uow.handle(handlers.record_profile, commands.RecordProfile(
        user_id=user_id, version=version, display_name=name or f"Member {user_id}", interests=list(interests),
        competences=[], preferences=Preferences(**prefs)))


async def publish_proposal(uow, owner: str | None, *descriptors: str, proposal_id: str = "p1",
                           event_id: str | None = None) -> None:
    await uow.handle(handlers.notify_proposal_matches, commands.NotifyProposalMatches(
        proposal_id=proposal_id, owner_id=owner, title="Drone corridors", summary="Partners wanted.",
        descriptors=list(descriptors), source_event_id=event_id or new_id()))


async def membership(uow, user_id: str, status: MembershipStatus, *, at: datetime = T0, role=MEMBER,
                     community: str = "c1", event_id: str | None = None) -> None:
    await uow.handle(handlers.record_membership, commands.RecordMembership(
        community_id=community, user_id=user_id, status=status, changed_at=at, source_event_id=event_id or new_id(),
        role=role, community_name="Space makers"))


def notified(uow, kind: NotificationKind) -> dict[str, list[Notification]]:
    """Who was told of what kind, with their notifications."""
    told: dict[str, list[Notification]] = {}
    for n in uow.ctx.inbox.store.where(lambda n: n.kind is kind):
        told.setdefault(n.user_id, []).append(n)
    return told


# -- proposals ---------------------------------------------------------------------------------
async def test_a_proposal_reaches_members_of_its_descriptors_and_their_areas_but_not_its_author(uow):
    await profile(uow, "owner", "s3:aerospace")
    await profile(uow, "area-fan", "s3:aerospace")
    await profile(uow, "challenge-fan", "s3c:aerospace-03", "s3:agrifood")
    await profile(uow, "sibling-fan", "s3c:aerospace-01")
    await profile(uow, "opted-out", "s3:aerospace", proposals=False)

    await publish_proposal(uow, "owner", "s3c:aerospace-03", event_id="e1")

    told = notified(uow, NotificationKind.PROPOSAL_MATCHED)
    assert sorted(told) == ["area-fan", "challenge-fan"]
    [notification] = told["area-fan"]
    assert notification.id == "proposal.matched:p1:area-fan" and notification.source_event_id == "e1"
    assert notification.subject_id == "p1" and notification.read_at is None
    assert sorted(e.user_id for e in uow.ctx.published if isinstance(e, NotificationCreated)) == \
        ["area-fan", "challenge-fan"]


async def test_the_hierarchy_only_goes_up_a_proposal_about_an_area_is_not_about_each_challenge(uow):
    await profile(uow, "challenge-fan", "s3c:aerospace-03")
    await publish_proposal(uow, "owner", "s3:aerospace")
    assert notified(uow, NotificationKind.PROPOSAL_MATCHED) == {}


async def test_a_proposal_notifies_each_member_once_however_often_its_event_comes(uow):
    await profile(uow, "fan", "s3:aerospace")
    await publish_proposal(uow, "owner", "s3c:aerospace-03", event_id="first")
    published = len(uow.ctx.published)
    # Redelivered, and re-published under a new event id: the member hears of it once.
    await publish_proposal(uow, "owner", "s3c:aerospace-03", event_id="first")
    await publish_proposal(uow, "owner", "s3c:aerospace-03", event_id="again")
    [notification] = uow.ctx.inbox.of("fan")
    assert notification.source_event_id == "first"
    assert len(uow.ctx.published) == published
    # Another proposal is other news.
    await publish_proposal(uow, "owner", "s3c:aerospace-03", proposal_id="p2")
    assert len(uow.ctx.inbox.of("fan")) == 2


async def test_an_een_proposal_has_no_owner_and_reaches_every_matching_member(uow):
    await profile(uow, "fan", "s3:aerospace")
    await publish_proposal(uow, None, "s3c:aerospace-03")
    assert list(notified(uow, NotificationKind.PROPOSAL_MATCHED)) == ["fan"]


# -- the profiles read model -------------------------------------------------------------------
async def test_the_read_model_keeps_the_language_the_member_reads_in(uow):
    await profile(uow, "ada", "s3:aerospace")
    assert uow.ctx.profiles.store.rows["ada"].language == "it"  # the platform's default
    await uow.handle(handlers.record_profile, commands.RecordProfile(
        user_id="ada", version=2, display_name="Ada", interests=[], competences=[], preferences=Preferences(),
        language="en"))
    assert uow.ctx.profiles.store.rows["ada"].language == "en"


async def test_a_profile_event_older_than_the_one_recorded_is_ignored(uow):
    await profile(uow, "ada", "s3:aerospace", version=2)
    await profile(uow, "ada", "s3:agrifood", version=1)
    await profile(uow, "ada", "s3:agrifood", version=2)  # the same version again: no change either
    assert uow.ctx.profiles.store.rows["ada"].interests == ("s3:aerospace",)
    await profile(uow, "ada", "s3:agrifood", "s3:agrifood", version=3)
    assert uow.ctx.profiles.store.rows["ada"].interests == ("s3:agrifood",)


# -- erasure -----------------------------------------------------------------------------------
async def test_erasure_forgets_the_member_and_is_final(uow):
    await profile(uow, "ada", "s3:aerospace")
    await profile(uow, "bob", "s3:aerospace")
    await membership(uow, "ada", ACTIVE)
    await publish_proposal(uow, "owner", "s3:aerospace")

    await uow.handle(handlers.erase_user, commands.EraseUser(user_id="ada"))

    assert uow.ctx.profiles.store.rows["ada"] == Profile.tombstone("ada")
    assert await uow.ctx.memberships.get("c1", "ada") is None
    assert uow.ctx.inbox.of("ada") == [] and len(uow.ctx.inbox.of("bob")) == 1
    # Late events about the member do not bring them back.
    await profile(uow, "ada", "s3:aerospace", version=7)
    await membership(uow, "ada", ACTIVE, at=T0 + timedelta(hours=1))
    await publish_proposal(uow, "owner", "s3:aerospace", proposal_id="p2")
    assert uow.ctx.profiles.store.rows["ada"].erased
    assert await uow.ctx.memberships.get("c1", "ada") is None
    assert uow.ctx.inbox.of("ada") == []


# -- communities -------------------------------------------------------------------------------
async def moderated_community(uow) -> None:
    await profile(uow, "bob", name="Bob")
    await profile(uow, "mod", name="Mo")
    await profile(uow, "quiet-mod", communities=False)
    await profile(uow, "alice", name="Alice")
    await membership(uow, "bob", ACTIVE, role=OWNER)
    await membership(uow, "mod", ACTIVE, role=MODERATOR)
    await membership(uow, "quiet-mod", ACTIVE, role=MODERATOR)
    await membership(uow, "member", ACTIVE)


async def test_a_request_to_join_reaches_the_owners_and_moderators_once(uow):
    await moderated_community(uow)
    await membership(uow, "alice", PENDING, at=T0 + timedelta(minutes=1), event_id="asked")

    told = notified(uow, NotificationKind.JOIN_REQUESTED)
    assert sorted(told) == ["bob", "mod"]  # not a plain member, nor a moderator who opted out
    [notice] = told["bob"]
    assert notice.title == "Alice asked to join “Space makers”" and notice.subject_id == "c1"
    # The same change redelivered says nothing new.
    await membership(uow, "alice", PENDING, at=T0 + timedelta(minutes=1), event_id="asked")
    assert [len(n) for n in notified(uow, NotificationKind.JOIN_REQUESTED).values()] == [1, 1]


async def test_the_answer_to_a_request_reaches_the_requester(uow):
    await moderated_community(uow)
    await membership(uow, "alice", PENDING, at=T0 + timedelta(minutes=1))
    await membership(uow, "alice", ACTIVE, at=T0 + timedelta(minutes=2))
    [approved] = uow.ctx.inbox.store.where(lambda n: n.kind is NotificationKind.JOIN_APPROVED)
    assert approved.user_id == "alice" and approved.title == "You are now a member of “Space makers”"

    await membership(uow, "carol", PENDING, at=T0 + timedelta(minutes=3))
    await membership(uow, "carol", REMOVED, at=T0 + timedelta(minutes=4))
    assert list(notified(uow, NotificationKind.JOIN_DECLINED)) == ["carol"]


async def test_joining_a_public_community_tells_nobody_and_an_older_change_is_ignored(uow):
    await moderated_community(uow)
    before = len(uow.ctx.inbox.store.rows)
    await membership(uow, "dave", ACTIVE, at=T0 + timedelta(minutes=5))
    assert len(uow.ctx.inbox.store.rows) == before
    await membership(uow, "dave", PENDING, at=T0 + timedelta(minutes=1))  # arrived late
    assert (await uow.ctx.memberships.get("c1", "dave")).status is ACTIVE
    assert len(uow.ctx.inbox.store.rows) == before


async def test_a_post_reaches_the_active_members_but_its_author(uow):
    await moderated_community(uow)
    await membership(uow, "alice", PENDING, at=T0 + timedelta(minutes=1))
    await uow.handle(handlers.notify_community_post, commands.NotifyCommunityPost(
        post_id="post1", community_id="c1", author_id="mod", title="Welcome", excerpt="Hello all",
        source_event_id=new_id()))
    assert sorted(notified(uow, NotificationKind.COMMUNITY_POST)) == ["bob", "member"]


# -- interests ---------------------------------------------------------------------------------
async def test_an_interest_reaches_the_proposal_owner_and_its_answer_the_sender_unless_a_partner(uow):
    await profile(uow, "owner")
    await uow.handle(handlers.notify_interest_received, commands.NotifyInterestReceived(
        interest_id="i1", proposal_title="Drone corridors", proposal_owner_id="owner", message="We fly drones",
        source_event_id=new_id()))
    assert list(notified(uow, NotificationKind.INTEREST_RECEIVED)) == ["owner"]
    await uow.handle(handlers.notify_interest_answered, commands.NotifyInterestAnswered(
        interest_id="i2", proposal_title="Drone corridors", sender_id="een:partner-1", accepted=False,
        reason="Out of scope", source_event_id=new_id()))
    assert notified(uow, NotificationKind.INTEREST_DECLINED) == {}


# -- the member's own inbox --------------------------------------------------------------------
async def test_marking_someone_elses_notification_read_is_not_found_and_changes_nothing(uow):
    await profile(uow, "fan", "s3:aerospace")
    await publish_proposal(uow, "owner", "s3:aerospace")
    [notification] = uow.ctx.inbox.of("fan")
    with pytest.raises(NotFound, match=f"No notification {notification.id} in your inbox."):
        await uow.handle(handlers.mark_read, commands.MarkRead(notification_id=notification.id, user_id="other"))
    with pytest.raises(NotFound):
        await uow.handle(handlers.mark_read, commands.MarkRead(notification_id="nothing", user_id="fan"))
    assert uow.ctx.inbox.of("fan")[0].read_at is None


async def test_reading_twice_keeps_the_first_time(uow):
    await profile(uow, "fan", "s3:aerospace")
    await publish_proposal(uow, "owner", "s3:aerospace")
    [notification] = uow.ctx.inbox.of("fan")
    first = await uow.handle(handlers.mark_read, commands.MarkRead(notification_id=notification.id, user_id="fan"))
    again = await uow.handle(handlers.mark_read, commands.MarkRead(notification_id=notification.id, user_id="fan"))
    assert first.read_at is not None and again.read_at == first.read_at
    assert uow.ctx.inbox.of("fan")[0].read_at == first.read_at


async def test_mark_all_read_counts_only_the_callers_unread_notifications(uow):
    for member in ("fan", "other"):
        await profile(uow, member, "s3:aerospace")
    for proposal_id in ("p1", "p2", "p3"):
        await publish_proposal(uow, "owner", "s3:aerospace", proposal_id=proposal_id)
    await uow.handle(handlers.mark_read, commands.MarkRead(notification_id="proposal.matched:p1:fan", user_id="fan"))

    assert await uow.handle(handlers.mark_all_read, commands.MarkAllRead(user_id="fan")) == 2
    assert await uow.handle(handlers.mark_all_read, commands.MarkAllRead(user_id="fan")) == 0
    assert all(n.read_at is not None for n in uow.ctx.inbox.of("fan"))
    assert all(n.read_at is None for n in uow.ctx.inbox.of("other"))


# -- live ----------------------------------------------------------------------------------------
async def test_each_new_notification_is_told_live_to_its_member_once(uow):
    await profile(uow, "alice", "s3:aerospace")
    await profile(uow, "carol", "s3c:aerospace-03")
    await publish_proposal(uow, "bob", "s3c:aerospace-03", proposal_id="p1")
    await publish_proposal(uow, "bob", "s3c:aerospace-03", proposal_id="p1")  # the event again
    assert sorted(uow.ctx.live.told()) == [("alice", "proposal.matched:p1:alice"), ("carol", "proposal.matched:p1:carol")]


async def test_reading_tells_the_members_streams_only_when_the_count_changes(uow):
    await profile(uow, "alice", "s3:aerospace")
    await publish_proposal(uow, "bob", "s3:aerospace", proposal_id="p1")
    await publish_proposal(uow, "bob", "s3:aerospace", proposal_id="p2")
    before = len(uow.ctx.live.told())
    read = commands.MarkRead(notification_id="proposal.matched:p1:alice", user_id="alice")
    await uow.handle(handlers.mark_read, read)
    await uow.handle(handlers.mark_read, read)  # already read: nothing changes
    with pytest.raises(NotFound):
        await uow.handle(handlers.mark_read, commands.MarkRead(notification_id="proposal.matched:p2:alice",
                                                               user_id="mallory"))
    await uow.handle(handlers.mark_all_read, commands.MarkAllRead(user_id="alice"))
    await uow.handle(handlers.mark_all_read, commands.MarkAllRead(user_id="alice"))  # none left
    assert uow.ctx.live.told()[before:] == [("alice", "unread"), ("alice", "unread")]


async def test_a_post_notification_says_which_community_it_is_in(uow):
    await membership(uow, "alice", MembershipStatus.ACTIVE, community="c1")
    await uow.handle(handlers.notify_community_post, commands.NotifyCommunityPost(
        post_id="post1", community_id="c1", author_id="bob", title="Kick-off", excerpt="Agenda.",
        source_event_id=new_id()))
    [n] = uow.ctx.inbox.of("alice")
    assert n.subject_id == "post1" and n.community_id == "c1"
