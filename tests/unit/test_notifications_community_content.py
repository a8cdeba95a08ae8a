"""Who hears of a community's content (issue 9), in the domain and through the handlers on
in-memory fakes: members of the community for new news, events and consultations; named
people (a topic's author, participants, an article's author) only while they are active
members of a private or closed community; the actor never; preferences respected; platform-wide
content by interests; one notice per (kind, subject, occasion, recipient) however often an event comes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from contracts.events import CommunityVisibility, MembershipRole, MembershipStatus
from notifications.domain.model import (
    ContentScope, Membership, NotificationKind, Preferences, Profile, SubjectType, members_audience, moderated,
    people_audience,
)
from notifications.service_layer import commands, handlers
from servicekit.ids import new_id

from tests.support.fakes import FakeUnitOfWork
from tests.unit.test_notifications_handlers import FakeNotificationsContext, membership, notified, profile

PUBLIC, PRIVATE, CLOSED = CommunityVisibility.PUBLIC, CommunityVisibility.PRIVATE, CommunityVisibility.CLOSED
ACTIVE, PENDING, REMOVED, LEFT = (MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.REMOVED,
                                  MembershipStatus.LEFT)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeNotificationsContext]:
    return FakeUnitOfWork(FakeNotificationsContext())


def m(user_id: str, status=ACTIVE, role=MembershipRole.MEMBER, community="c1") -> Membership:
    return Membership(community_id=community, user_id=user_id, status=status, changed_at=T0, role=role)


# -- domain ------------------------------------------------------------------------------------
def test_only_active_members_of_that_community_hear_of_its_content_and_never_its_actor():
    memberships = [m("ann"), m("bob"), m("pen", PENDING), m("gone", REMOVED), m("left", LEFT),
                   m("elsewhere", community="c2"), m("auth", role=MembershipRole.AUTHOR)]
    profiles = {"bob": Profile("bob", 1, preferences=Preferences(communities=False))}
    for visibility in (PUBLIC, PRIVATE, CLOSED):
        assert members_audience(ContentScope("c1", visibility), "ann", memberships, profiles) == ["auth"]


@pytest.mark.parametrize("visibility", [PRIVATE, CLOSED, None])
def test_named_people_of_a_private_or_closed_community_are_told_only_while_active_members(visibility):
    memberships = [m("ann"), m("pen", PENDING), m("gone", REMOVED), m("other", community="c2")]
    candidates = ["ann", "pen", "gone", "stranger", "other", "ann", None, "een:partner"]
    assert people_audience(ContentScope("c1", visibility), candidates, None, memberships, {}) == ["ann"]


def test_named_people_of_an_open_community_need_no_membership_but_mentions_do():
    memberships = [m("ann")]
    scope = ContentScope("c1", PUBLIC)
    assert people_audience(scope, ["ann", "former-author"], None, memberships, {}) == ["ann", "former-author"]
    assert people_audience(scope, ["ann", "former-author"], None, memberships, {}, members_only=True) == ["ann"]


def test_the_actor_and_those_who_opted_out_are_never_named():
    profiles = {"quiet": Profile("quiet", 1, preferences=Preferences(communities=False)),
                "erased": Profile.tombstone("erased")}
    assert people_audience(ContentScope(None), ["me", "quiet", "erased", "you"], "me", [], profiles) == ["you"]


def test_platform_content_is_not_restricted_and_a_community_of_unknown_access_is():
    assert not ContentScope(None).restricted
    assert not ContentScope("c1", PUBLIC).restricted
    assert ContentScope("c1", PRIVATE).restricted and ContentScope("c1", CLOSED).restricted
    assert ContentScope("c1", None).restricted


def test_a_moderation_notice_names_the_contents_kind_and_each_decision_is_its_own_occasion():
    scope = ContentScope("c1", PRIVATE)
    hidden = moderated(scope, "Space", "reply", "r1", "Kick-off", "hidden", "Off topic", T0)
    restored = moderated(scope, "Space", "reply", "r1", "Kick-off", "restored", None, T0 + timedelta(minutes=1))
    held = moderated(scope, "Space", "news", "n1", "Call", "hidden_pending_review", None, T0)
    assert hidden.kind is NotificationKind.CONTENT_HIDDEN and hidden.subject_type is SubjectType.REPLY
    assert hidden.title == "A moderator hid your reply “Kick-off”" and hidden.body == "Off topic"
    assert restored.kind is NotificationKind.CONTENT_RESTORED
    assert hidden.notification_id("ann") != moderated(scope, "Space", "reply", "r1", "Kick-off", "hidden", "x",
                                                      T0 + timedelta(minutes=2)).notification_id("ann")
    assert held.kind is NotificationKind.CONTENT_HELD and "reported" in held.body


# -- handlers ----------------------------------------------------------------------------------
async def community(uow, visibility=PRIVATE) -> None:
    await membership(uow, "owner", ACTIVE, role=MembershipRole.OWNER)
    await membership(uow, "mod", ACTIVE, role=MembershipRole.MODERATOR)
    await membership(uow, "ann", ACTIVE)
    await membership(uow, "writer", ACTIVE, role=MembershipRole.AUTHOR)
    await membership(uow, "pen", PENDING)
    await membership(uow, "gone", REMOVED)
    await profile(uow, "quiet", communities=False)
    await membership(uow, "quiet", ACTIVE)
    await membership(uow, "outsider", ACTIVE, community="c2")


def scoped(visibility=PRIVATE, community_id: str | None = "c1", event_id: str | None = None) -> dict:
    return {"community_id": community_id, "community_name": "Space makers", "visibility": visibility,
            "source_event_id": event_id or new_id()}


def news(visibility=PRIVATE, *, news_id="n1", author="writer", community_id: str | None = "c1",
         descriptors=(), event_id=None) -> commands.NotifyNewsPublished:
    return commands.NotifyNewsPublished(**scoped(visibility, community_id, event_id), news_id=news_id,
                                        author_id=author, title="Call for SMEs", summary="Funding for pilots.",
                                        descriptors=tuple(descriptors))


@pytest.mark.parametrize("visibility", [PUBLIC, PRIVATE, CLOSED])
async def test_news_events_and_consultations_reach_the_active_members_but_their_author(uow, visibility):
    await community(uow, visibility)
    await uow.handle(handlers.notify_news_published, news(visibility))
    await uow.handle(handlers.notify_event_scheduled, commands.NotifyEventScheduled(
        **scoped(visibility), event_id="e1", revision=1, title="Demo day", starts_at=T0, place="Turin",
        organiser_id="mod"))
    await uow.handle(handlers.notify_consultation_opened, commands.NotifyConsultationOpened(
        **scoped(visibility), consultation_id="k1", title="S3 priorities", summary="Tell us.", opened_by="owner"))
    assert sorted(notified(uow, NotificationKind.NEWS)) == ["ann", "mod", "owner"]
    assert sorted(notified(uow, NotificationKind.EVENT)) == ["ann", "owner", "writer"]
    assert sorted(notified(uow, NotificationKind.CONSULTATION)) == ["ann", "mod", "writer"]
    [n] = notified(uow, NotificationKind.EVENT)["ann"]
    assert (n.subject_type, n.subject_id, n.community_id, n.community_name, n.starts_at) == \
        (SubjectType.EVENT, "e1", "c1", "Space makers", T0)
    assert n.title == "New event in “Space makers”: Demo day"


async def test_a_changed_event_is_no_news(uow):
    await community(uow)
    await uow.handle(handlers.notify_event_scheduled, commands.NotifyEventScheduled(
        **scoped(), event_id="e1", revision=2, title="Demo day", starts_at=T0, place=None, organiser_id="mod"))
    assert notified(uow, NotificationKind.EVENT) == {}


async def test_news_notifies_once_however_often_its_event_comes(uow):
    await community(uow)
    await uow.handle(handlers.notify_news_published, news(event_id="first"))
    await uow.handle(handlers.notify_news_published, news(event_id="first"))
    await uow.handle(handlers.notify_news_published, news(event_id="republished"))
    assert [len(v) for v in notified(uow, NotificationKind.NEWS).values()] == [1, 1, 1]


async def test_platform_content_reaches_members_whose_interests_match_and_none_without_descriptors(uow):
    await profile(uow, "fan", "s3:aerospace")
    await profile(uow, "desk", "s3:aerospace")
    await profile(uow, "quiet-fan", "s3:aerospace", communities=False)
    await profile(uow, "proposals-off", "s3:aerospace", proposals=False)
    await profile(uow, "other", "s3:agrifood")
    await uow.handle(handlers.notify_news_published, news(None, community_id=None, author="desk",
                                                          descriptors=["s3c:aerospace-03"]))
    told = notified(uow, NotificationKind.NEWS)
    assert sorted(told) == ["fan", "proposals-off"]  # the community switch, not the proposals one
    assert told["fan"][0].community_id is None and told["fan"][0].title == "News in the platform: Call for SMEs"
    await uow.handle(handlers.notify_event_scheduled, commands.NotifyEventScheduled(
        **scoped(None, None), event_id="e9", revision=1, title="Regional forum", starts_at=T0, place=None,
        organiser_id="desk"))
    assert notified(uow, NotificationKind.EVENT) == {}


@pytest.mark.parametrize("visibility", [PRIVATE, CLOSED])
async def test_a_reply_reaches_the_topics_and_the_parents_author_only_while_members(uow, visibility):
    await community(uow, visibility)
    reply = commands.NotifyReply(**scoped(visibility), reply_id="r1", post_id="p1", post_title="Kick-off",
                                 post_author_id="ann", parent_author_id="gone", author_id="mod", excerpt="Agreed",
                                 mentioned_user_ids=("writer", "pen", "stranger", "ann", "mod"))
    await uow.handle(handlers.notify_reply, reply)
    assert list(notified(uow, NotificationKind.REPLY)) == ["ann"]  # the removed parent author hears nothing
    assert list(notified(uow, NotificationKind.MENTION)) == ["writer"]  # active members only, once, not the author
    [n] = notified(uow, NotificationKind.REPLY)["ann"]
    assert (n.subject_type, n.subject_id, n.id) == (SubjectType.POST, "p1", "community.reply:p1:r1:ann")
    # A second reply is news again; the same one redelivered is not.
    await uow.handle(handlers.notify_reply, reply)
    await uow.handle(handlers.notify_reply, commands.NotifyReply(
        **scoped(visibility), reply_id="r2", post_id="p1", post_title="Kick-off", post_author_id="ann",
        parent_author_id="writer", author_id="ann", excerpt="Thanks"))
    assert sorted((n.user_id, n.title) for n in uow.ctx.inbox.store.where(lambda n: n.kind is NotificationKind.REPLY)) \
        == [("ann", "New reply to your topic “Kick-off”"), ("writer", "New reply to your reply in “Kick-off”")]


async def test_a_reply_in_an_open_community_reaches_a_topic_author_who_left(uow):
    await community(uow, PUBLIC)
    await membership(uow, "ann", LEFT, at=T0 + timedelta(hours=1))
    await uow.handle(handlers.notify_reply, commands.NotifyReply(
        **scoped(PUBLIC), reply_id="r1", post_id="p1", post_title="Kick-off", post_author_id="ann",
        parent_author_id=None, author_id="mod", excerpt="Agreed"))
    assert list(notified(uow, NotificationKind.REPLY)) == ["ann"]


async def test_a_topic_mentions_tell_the_mentioned_members_once_and_the_rest_of_the_post(uow):
    await community(uow)
    await uow.handle(handlers.notify_community_post, commands.NotifyCommunityPost(
        post_id="p1", community_id="c1", author_id="owner", title="Kick-off", excerpt="@ann see this",
        source_event_id=new_id(), community_name="Space makers", visibility=PRIVATE,
        mentioned_user_ids=("ann", "outsider", "owner")))
    assert list(notified(uow, NotificationKind.MENTION)) == ["ann"]
    assert sorted(notified(uow, NotificationKind.COMMUNITY_POST)) == ["mod", "writer"]


async def test_participants_hear_of_cancellation_and_reminders_only_while_members(uow):
    await community(uow, CLOSED)
    await uow.handle(handlers.notify_event_cancelled, commands.NotifyEventCancelled(
        **scoped(CLOSED), event_id="e1", title="Demo day", starts_at=T0, participant_ids=("ann", "gone", "quiet")))
    await uow.handle(handlers.notify_event_reminder, commands.NotifyEventReminder(
        **scoped(CLOSED), event_id="e2", title="Demo day", starts_at=T0, place=None, online_url="https://x.test",
        participant_ids=("writer", "pen")))
    await uow.handle(handlers.notify_registration_promoted, commands.NotifyRegistrationPromoted(
        **scoped(CLOSED), event_id="e2", title="Demo day", user_id="mod", starts_at=T0, changed_at=T0))
    await uow.handle(handlers.notify_registration_promoted, commands.NotifyRegistrationPromoted(
        **scoped(CLOSED), event_id="e2", title="Demo day", user_id="gone", starts_at=T0, changed_at=T0))
    assert list(notified(uow, NotificationKind.EVENT_CANCELLED)) == ["ann"]
    assert list(notified(uow, NotificationKind.EVENT_REMINDER)) == ["writer"]
    assert list(notified(uow, NotificationKind.EVENT_PROMOTED)) == ["mod"]


async def test_platform_event_participants_are_reminded_whoever_they_are(uow):
    await uow.handle(handlers.notify_event_reminder, commands.NotifyEventReminder(
        **scoped(None, None), event_id="e2", title="Forum", starts_at=T0, place="Turin", online_url=None,
        participant_ids=("anyone",)))
    assert list(notified(uow, NotificationKind.EVENT_REMINDER)) == ["anyone"]


async def test_news_review_tells_the_managers_of_a_submission_and_the_author_of_the_outcome(uow):
    await community(uow)
    review = {**scoped(), "news_id": "n1", "title": "Call", "author_id": "writer"}
    await uow.handle(handlers.notify_news_reviewed, commands.NotifyNewsReviewed(
        **review, outcome="submitted", reviewer_id=None, reason=None, reviewed_at=T0))
    assert sorted(notified(uow, NotificationKind.NEWS_SUBMITTED)) == ["mod", "owner"]
    await uow.handle(handlers.notify_news_reviewed, commands.NotifyNewsReviewed(
        **review, outcome="rejected", reviewer_id="mod", reason="Add the deadline.", reviewed_at=T0 + timedelta(1)))
    [rejected] = notified(uow, NotificationKind.NEWS_REJECTED)["writer"]
    assert rejected.body == "Add the deadline." and rejected.subject_type is SubjectType.NEWS
    # A manager's own article, approved by themselves, tells nobody.
    await uow.handle(handlers.notify_news_reviewed, commands.NotifyNewsReviewed(
        **{**review, "author_id": "mod"}, outcome="approved", reviewer_id="mod", reason=None,
        reviewed_at=T0 + timedelta(2)))
    assert notified(uow, NotificationKind.NEWS_APPROVED) == {}


async def test_moderation_tells_the_author_unless_they_left_a_private_community_or_moderated_themselves(uow):
    await community(uow)
    base = {**scoped(), "content_kind": "post", "content_id": "p1", "content_title": "Kick-off", "reason": "Spam",
            "moderated_at": T0}
    await uow.handle(handlers.notify_content_moderated, commands.NotifyContentModerated(
        **base, author_id="ann", action="hidden", moderator_id="mod"))
    await uow.handle(handlers.notify_content_moderated, commands.NotifyContentModerated(
        **base, author_id="gone", action="removed", moderator_id="mod"))
    await uow.handle(handlers.notify_content_moderated, commands.NotifyContentModerated(
        **base, author_id="mod", action="removed", moderator_id="mod"))
    await uow.handle(handlers.notify_content_moderated, commands.NotifyContentModerated(
        **base, author_id="writer", action="hidden_pending_review", moderator_id=None))
    assert list(notified(uow, NotificationKind.CONTENT_HIDDEN)) == ["ann"]
    assert notified(uow, NotificationKind.CONTENT_REMOVED) == {}
    assert list(notified(uow, NotificationKind.CONTENT_HELD)) == ["writer"]


async def test_consultation_results_reach_its_participants_who_are_members(uow):
    await community(uow)
    await uow.handle(handlers.notify_consultation_results, commands.NotifyConsultationResults(
        **scoped(), consultation_id="k1", title="S3", participant_ids=("ann", "gone")))
    assert list(notified(uow, NotificationKind.CONSULTATION_RESULTS)) == ["ann"]


async def test_an_invitation_reaches_the_registered_invitee_named_by_the_inviter(uow):
    await profile(uow, "owner", name="Olga")
    await profile(uow, "quiet", communities=False)
    base = {"invitation_id": "i1", "community_id": "c1", "community_name": "Steering group", "visibility": CLOSED,
            "invited_by": "owner", "source_event_id": new_id()}
    await uow.handle(handlers.notify_invitation, commands.NotifyInvitation(**base, user_id="guest"))
    await uow.handle(handlers.notify_invitation, commands.NotifyInvitation(**{**base, "invitation_id": "i2"},
                                                                           user_id=None))
    await uow.handle(handlers.notify_invitation, commands.NotifyInvitation(**{**base, "invitation_id": "i3"},
                                                                           user_id="quiet"))
    [n] = uow.ctx.inbox.store.rows.values()
    assert (n.user_id, n.kind, n.subject_type, n.actor, n.subject_title) == \
        ("guest", NotificationKind.INVITATION, SubjectType.INVITATION, "Olga", "Steering group")
    assert n.title == "Olga invited you to join “Steering group”"


async def test_a_community_review_reaches_its_owner(uow):
    for approved, version in ((False, 2), (True, 3)):
        await uow.handle(handlers.notify_community_reviewed, commands.NotifyCommunityReviewed(
            community_id="c1", community_name="Drones", owner_id="olga", approved=approved,
            reason=None if approved else "Too close to Aerospace.", version=version, source_event_id=new_id()))
    assert list(notified(uow, NotificationKind.COMMUNITY_REJECTED)) == ["olga"]
    assert list(notified(uow, NotificationKind.COMMUNITY_VALIDATED)) == ["olga"]
    assert notified(uow, NotificationKind.COMMUNITY_REJECTED)["olga"][0].body == "Too close to Aerospace."


async def test_a_member_removed_from_a_closed_community_hears_nothing_more_of_it(uow):
    await community(uow, CLOSED)
    await membership(uow, "ann", REMOVED, at=T0 + timedelta(hours=1))
    await uow.handle(handlers.notify_news_published, news(CLOSED))
    await uow.handle(handlers.notify_reply, commands.NotifyReply(
        **scoped(CLOSED), reply_id="r1", post_id="p1", post_title="Kick-off", post_author_id="ann",
        parent_author_id=None, author_id="mod", excerpt="Agreed", mentioned_user_ids=("ann",)))
    assert uow.ctx.inbox.of("ann") == []
    assert uow.ctx.inbox.of("outsider") == [] and uow.ctx.inbox.of("pen") == []


async def test_the_read_model_keeps_the_author_role_which_does_not_moderate(uow):
    await membership(uow, "writer", ACTIVE, role=MembershipRole.AUTHOR)
    await membership(uow, "mod", ACTIVE, role=MembershipRole.MODERATOR)
    stored = await uow.ctx.memberships.get("c1", "writer")
    assert stored.role is MembershipRole.AUTHOR and stored.active and not stored.moderates
    assert [m.user_id for m in await uow.ctx.memberships.moderators_of("c1")] == ["mod"]
    # An author's article sent for validation reaches the moderators, not the author.
    await uow.handle(handlers.notify_news_reviewed, commands.NotifyNewsReviewed(
        **scoped(CLOSED), news_id="n1", title="Call", author_id="writer", outcome="submitted", reviewer_id=None,
        reason=None, reviewed_at=T0))
    assert list(notified(uow, NotificationKind.NEWS_SUBMITTED)) == ["mod"]
