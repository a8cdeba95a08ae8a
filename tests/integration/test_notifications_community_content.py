"""Issue 9 over the real broker, database and Redis: the notifications service hears a
community's content (replies, news, events, consultations, moderation, invitations,
validation) as the communities service publishes it and tells exactly those it concerns.
The hard rule: content of a private or closed community never reaches a non-member."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from contracts.events import (
    CommunityReviewed, CommunityStatus, CommunityVisibility, ConsultationClosed, ConsultationOpened, ContentKind,
    ContentModerated, EventCancelled, EventReminderDue, EventScheduled, InvitationIssued, MembershipChanged,
    MembershipRole, MembershipStatus, ModerationAction, NewsPublished, NewsReviewed, NewsReviewOutcome,
    NotificationPreferences, PostPublished, ProfileUpdated, RegistrationChanged, RegistrationStatus, ReplyPublished,
)
from contracts.taxonomy import load_taxonomy
from notifications.entrypoints.app import NotificationsSettings, create_app
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import running
from tests.support.kafka import data_of, read_topic
from tests.support.notifications import deliver
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
async def notifications(infra):
    app = create_app(NotificationsSettings(mongo_db="notifications_content_it"))
    async with running(app, ISSUER) as client:
        yield client


async def inbox(client, user_id: str) -> list[dict]:
    response = await client.get("/inbox", params={"limit": 100}, headers=ISSUER.headers(user_id))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def kinds(client, user_id: str) -> set[tuple[str, str]]:
    return {(n["kind"], n["subject_id"]) for n in await inbox(client, user_id)}


async def member(kafka, community_id: str, user_id: str, visibility: CommunityVisibility, *,
                 status=MembershipStatus.ACTIVE, role=MembershipRole.MEMBER, at: datetime = NOW) -> None:
    await deliver(kafka, MembershipChanged(community_id=community_id, user_id=user_id, role=role, status=status,
                                           community_visibility=visibility, changed_at=at,
                                           community_name="Steering group"), source="/communities")


def where(community_id: str | None, visibility: CommunityVisibility | None) -> dict:
    return {"community_id": community_id, "community_name": "Steering group" if community_id else None,
            "community_visibility": visibility}


@pytest.mark.parametrize("visibility", [CommunityVisibility.PRIVATE, CommunityVisibility.CLOSED])
async def test_content_of_a_restricted_community_reaches_its_members_and_never_anyone_else(
        notifications, infra, visibility):
    kafka = infra.kafka_bootstrap
    community, other = new_id(), new_id()
    owner, ann, removed, pending, outsider, stranger = (new_id() for _ in range(6))
    await member(kafka, community, owner, visibility, role=MembershipRole.OWNER)
    await member(kafka, community, ann, visibility)
    await member(kafka, community, removed, visibility)
    await member(kafka, community, removed, visibility, status=MembershipStatus.REMOVED, at=NOW + timedelta(seconds=1))
    if visibility is CommunityVisibility.PRIVATE:
        await member(kafka, community, pending, visibility, status=MembershipStatus.PENDING)
    await member(kafka, other, outsider, CommunityVisibility.PUBLIC)
    scope = where(community, visibility)
    news_id, event_id, consultation_id, post_id, reply_id = (new_id() for _ in range(5))
    everyone_named = [ann, removed, pending, outsider, stranger]

    await deliver(kafka, NewsPublished(**scope, news_id=news_id, author_id=owner, title="Board minutes",
                                       summary="Minutes of the board.", category="announcement",
                                       published_at=NOW), source="/communities")
    await deliver(kafka, EventScheduled(**scope, event_id=event_id, title="Board meeting", starts_at=NOW,
                                        ends_at=NOW + timedelta(hours=1), time_zone="Europe/Rome",
                                        organiser_id=owner), source="/communities")
    await deliver(kafka, ConsultationOpened(**scope, consultation_id=consultation_id, title="Work programme",
                                            summary="Your priorities.", opens_at=NOW,
                                            closes_at=NOW + timedelta(days=7)), source="/communities")
    await deliver(kafka, PostPublished(post_id=post_id, community_id=community, community_visibility=visibility,
                                       author_id=owner, title="Agenda", excerpt="Items", published_at=NOW,
                                       community_name="Steering group",
                                       mentioned_user_ids=everyone_named), source="/communities")
    await deliver(kafka, ReplyPublished(**scope, reply_id=reply_id, post_id=post_id, post_title="Agenda",
                                        post_author_id=removed, parent_author_id=outsider, author_id=owner,
                                        excerpt="See you", mentioned_user_ids=everyone_named,
                                        published_at=NOW), source="/communities")
    # Events naming the people to tell: only the members among them hear.
    await deliver(kafka, EventReminderDue(**scope, event_id=event_id, title="Board meeting", starts_at=NOW,
                                          time_zone="Europe/Rome", participant_ids=everyone_named),
                  source="/communities")
    await deliver(kafka, EventCancelled(**scope, event_id=event_id, title="Board meeting", starts_at=NOW,
                                        participant_ids=everyone_named), source="/communities")
    await deliver(kafka, ConsultationClosed(**scope, consultation_id=consultation_id, title="Work programme",
                                            closed_at=NOW, results_public=True, participant_ids=everyone_named),
                  source="/communities")
    for who in (removed, outsider, stranger, pending):
        await deliver(kafka, RegistrationChanged(**scope, event_id=event_id, title="Board meeting", user_id=who,
                                                 status=RegistrationStatus.REGISTERED, promoted=True, starts_at=NOW,
                                                 changed_at=NOW), source="/communities")
        await deliver(kafka, ContentModerated(**scope, content_kind=ContentKind.POST, content_id=post_id,
                                              content_title="Agenda", author_id=who, action=ModerationAction.HIDDEN,
                                              reason="Off topic", moderator_id=owner, moderated_at=NOW),
                      source="/communities")

    assert await kinds(notifications, ann) == {
        ("community.news", news_id), ("community.event", event_id), ("community.consultation", consultation_id),
        ("community.mention", post_id), ("community.event_reminder", event_id),
        ("community.event_cancelled", event_id), ("community.consultation_results", consultation_id),
    }
    # The mention in the reply is its own occasion: the member heard of the topic and of the reply.
    assert len([n for n in await inbox(notifications, ann) if n["kind"] == "community.mention"]) == 2
    for nobody in (removed, pending, outsider, stranger):
        assert await inbox(notifications, nobody) == [], nobody
    # Its author hears nothing of its own content (the owner moderates: a request to join is theirs;
    # ConsultationOpened does not say who opened it yet, so the owner hears of that one).
    assert {k for k, _ in await kinds(notifications, owner)} <= {"community.join_requested", "community.consultation"}
    [news] = [n for n in await inbox(notifications, ann) if n["kind"] == "community.news"]
    assert news["community_id"] == community and news["community_name"] == "Steering group"
    assert news["subject_type"] == "news" and news["subject_title"] == "Board minutes"


async def test_platform_news_reaches_members_by_interest_and_the_inbox_says_when_an_event_is(notifications, infra):
    kafka = infra.kafka_bootstrap
    fan, desk, bystander = new_id(), new_id(), new_id()
    for user_id, interests in ((fan, ["s3:aerospace"]), (desk, ["s3:aerospace"]), (bystander, ["s3:agrifood"])):
        await deliver(kafka, ProfileUpdated(user_id=user_id, version=1, display_name="M", interests=interests,
                                            notification_preferences=NotificationPreferences(),
                                            taxonomy_version=load_taxonomy().version), source="/profiles")
    news_id, event_id = new_id(), new_id()
    await deliver(kafka, NewsPublished(news_id=news_id, author_id=desk, title="Regional call", summary="Apply.",
                                       category="call_for_funding", descriptors=["s3c:aerospace-03"],
                                       published_at=NOW), source="/communities")
    await deliver(kafka, EventScheduled(event_id=event_id, title="S3 forum", starts_at=NOW + timedelta(days=3),
                                        ends_at=NOW + timedelta(days=3, hours=2), time_zone="Europe/Rome",
                                        organiser_id=desk, descriptors=["s3:aerospace"]), source="/communities")
    told = {n["kind"]: n for n in await inbox(notifications, fan)}
    assert set(told) == {"community.news", "community.event"}
    assert told["community.news"]["community_id"] is None
    assert datetime.fromisoformat(told["community.event"]["starts_at"]) == NOW + timedelta(days=3)
    assert await inbox(notifications, desk) == [] and await inbox(notifications, bystander) == []


async def test_authors_managers_invitees_and_owners_hear_of_what_concerns_them(notifications, infra):
    kafka = infra.kafka_bootstrap
    community = new_id()
    vis = CommunityVisibility.PRIVATE
    owner, mod, writer, guest = (new_id() for _ in range(4))
    await member(kafka, community, owner, vis, role=MembershipRole.OWNER)
    await member(kafka, community, mod, vis, role=MembershipRole.MODERATOR)
    await member(kafka, community, writer, vis, role=MembershipRole.AUTHOR)
    scope = where(community, vis)
    news_id = new_id()
    await deliver(kafka, NewsReviewed(**scope, news_id=news_id, title="Pilot results", author_id=writer,
                                      outcome=NewsReviewOutcome.SUBMITTED, reviewed_at=NOW), source="/communities")
    await deliver(kafka, NewsReviewed(**scope, news_id=news_id, title="Pilot results", author_id=writer,
                                      outcome=NewsReviewOutcome.REJECTED, reviewer_id=mod, reason="Add figures.",
                                      reviewed_at=NOW + timedelta(minutes=1)), source="/communities")
    await deliver(kafka, ContentModerated(**scope, content_kind=ContentKind.NEWS, content_id=news_id,
                                          content_title="Pilot results", author_id=writer,
                                          action=ModerationAction.HIDDEN_PENDING_REVIEW, moderated_at=NOW),
                  source="/communities")
    invitation = InvitationIssued(invitation_id=new_id(), community_id=community, community_name="Steering group",
                                  community_visibility=vis, invited_by=owner, user_id=guest,
                                  expires_at=NOW + timedelta(days=14))
    first = await deliver(kafka, invitation, source="/communities")
    await deliver(kafka, invitation, event_id=first, source="/communities")  # redelivered
    await deliver(kafka, invitation, source="/communities")  # re-published under a new id
    await deliver(kafka, CommunityReviewed(community_id=community, version=2, name="Steering group",
                                           description="d", visibility=vis, descriptors=[], owner_id=owner,
                                           status=CommunityStatus.REJECTED, reason="Duplicate."),
                  source="/communities")

    assert {n["kind"] for n in await inbox(notifications, owner)} == {"community.news_submitted", "community.rejected"}
    assert {n["kind"] for n in await inbox(notifications, mod)} == {"community.news_submitted"}
    writer_kinds = {n["kind"]: n for n in await inbox(notifications, writer)}
    assert set(writer_kinds) == {"community.news_rejected", "community.content_held"}
    assert writer_kinds["community.news_rejected"]["body"] == "Add figures."
    assert writer_kinds["community.content_held"]["subject_type"] == "news"
    [invited] = await inbox(notifications, guest)
    assert invited["kind"] == "community.invitation" and invited["subject_type"] == "invitation"
    assert invited["subject_title"] == "Steering group" and invited["community_id"] == community
    # Every notice was also announced on the bus.
    [created] = await read_topic(kafka, topics.NOTIFICATIONS_NOTIFICATION,
                                 lambda r: data_of(r)["user_id"] == guest)
    assert data_of(created)["kind"] == "community.invitation"
