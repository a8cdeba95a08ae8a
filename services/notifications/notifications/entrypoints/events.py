"""Event entrypoints: thin adapters from integration events to commands, run with the
handler context of the consumer's transaction. The source event's id travels along so
every notification records what caused it."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import (
    CommunityReviewed, CommunityStatus, ConsultationClosed, ConsultationOpened, ContentModerated, EventCancelled,
    EventReminderDue, EventScheduled, InterestAccepted, InterestDeclined, InterestExpressed, InvitationIssued,
    MembershipChanged, NewsPublished, NewsReviewed, PostPublished, ProfileUpdated, ProposalPublished,
    RegistrationChanged, RegistrationStatus, ReplyPublished, UserErased,
)
from servicekit.consumer import EventConsumer

from notifications.domain.model import Preferences
from notifications.service_layer import commands, handlers
from notifications.service_layer.ports import Context


async def on_profile_updated(event: ProfileUpdated, _: CloudEventAttributes, ctx: Context) -> None:
    prefs = event.notification_preferences
    await handlers.record_profile(commands.RecordProfile(
        user_id=event.user_id, version=event.version, display_name=event.display_name, interests=event.interests,
        competences=event.competences,
        preferences=Preferences(proposals=prefs.proposals, interests=prefs.interests, communities=prefs.communities),
        language=event.language,
    ), ctx)


async def on_user_erased(event: UserErased, _: CloudEventAttributes, ctx: Context) -> None:
    await handlers.erase_user(commands.EraseUser(user_id=event.user_id), ctx)


async def on_membership_changed(event: MembershipChanged, attributes: CloudEventAttributes,
                                ctx: Context) -> None:
    await handlers.record_membership(commands.RecordMembership(
        community_id=event.community_id, user_id=event.user_id, status=event.status, changed_at=event.changed_at,
        source_event_id=attributes.id, role=event.role, community_name=event.community_name), ctx)


async def on_proposal_published(event: ProposalPublished, attributes: CloudEventAttributes,
                                ctx: Context) -> None:
    await handlers.notify_proposal_matches(commands.NotifyProposalMatches(
        proposal_id=event.proposal_id, owner_id=event.owner_id, title=event.title, summary=event.summary,
        descriptors=event.descriptors, source_event_id=attributes.id), ctx)


async def on_interest_expressed(event: InterestExpressed, attributes: CloudEventAttributes,
                                ctx: Context) -> None:
    await handlers.notify_interest_received(commands.NotifyInterestReceived(
        interest_id=event.interest_id, proposal_title=event.proposal_title,
        proposal_owner_id=event.proposal_owner_id, message=event.message, source_event_id=attributes.id,
        sender_organisation=event.sender_organisation, sender_country=event.sender_country), ctx)


async def on_interest_accepted(event: InterestAccepted, attributes: CloudEventAttributes,
                               ctx: Context) -> None:
    await handlers.notify_interest_answered(commands.NotifyInterestAnswered(
        interest_id=event.interest_id, proposal_title=event.proposal_title, sender_id=event.sender_id,
        accepted=True, reason=None, source_event_id=attributes.id), ctx)


async def on_interest_declined(event: InterestDeclined, attributes: CloudEventAttributes,
                               ctx: Context) -> None:
    await handlers.notify_interest_answered(commands.NotifyInterestAnswered(
        interest_id=event.interest_id, proposal_title=event.proposal_title, sender_id=event.sender_id,
        accepted=False, reason=event.reason, source_event_id=attributes.id), ctx)


async def on_post_published(event: PostPublished, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_community_post(commands.NotifyCommunityPost(
        post_id=event.post_id, community_id=event.community_id, author_id=event.author_id, title=event.title,
        excerpt=event.excerpt, source_event_id=attributes.id, community_name=event.community_name,
        visibility=event.community_visibility, mentioned_user_ids=tuple(event.mentioned_user_ids)), ctx)


# -- a community's content (issue 9) -----------------------------------------------------------
def _scope(event, attributes: CloudEventAttributes) -> dict:
    """Where scoped content lives, as every content event says it."""
    return {"community_id": event.community_id, "community_name": event.community_name,
            "visibility": event.community_visibility, "source_event_id": attributes.id}


async def on_reply_published(event: ReplyPublished, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_reply(commands.NotifyReply(
        **_scope(event, attributes), reply_id=event.reply_id, post_id=event.post_id, post_title=event.post_title,
        post_author_id=event.post_author_id, parent_author_id=event.parent_author_id, author_id=event.author_id,
        excerpt=event.excerpt, mentioned_user_ids=tuple(event.mentioned_user_ids)), ctx)


async def on_news_published(event: NewsPublished, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_news_published(commands.NotifyNewsPublished(
        **_scope(event, attributes), news_id=event.news_id, author_id=event.author_id, title=event.title,
        summary=event.summary, descriptors=tuple(event.descriptors)), ctx)


async def on_news_reviewed(event: NewsReviewed, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_news_reviewed(commands.NotifyNewsReviewed(
        **_scope(event, attributes), news_id=event.news_id, title=event.title, author_id=event.author_id,
        outcome=event.outcome.value, reviewer_id=event.reviewer_id, reason=event.reason,
        reviewed_at=event.reviewed_at), ctx)


async def on_event_scheduled(event: EventScheduled, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_event_scheduled(commands.NotifyEventScheduled(
        **_scope(event, attributes), event_id=event.event_id, revision=event.revision, title=event.title,
        starts_at=event.starts_at, place=event.place, organiser_id=event.organiser_id,
        descriptors=tuple(event.descriptors)), ctx)


async def on_event_cancelled(event: EventCancelled, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_event_cancelled(commands.NotifyEventCancelled(
        **_scope(event, attributes), event_id=event.event_id, title=event.title, starts_at=event.starts_at,
        participant_ids=tuple(event.participant_ids)), ctx)


async def on_registration_changed(event: RegistrationChanged, attributes: CloudEventAttributes,
                                  ctx: Context) -> None:
    await handlers.notify_registration_promoted(commands.NotifyRegistrationPromoted(
        **_scope(event, attributes), event_id=event.event_id, title=event.title, user_id=event.user_id,
        starts_at=event.starts_at, changed_at=event.changed_at), ctx)


async def on_event_reminder_due(event: EventReminderDue, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_event_reminder(commands.NotifyEventReminder(
        **_scope(event, attributes), event_id=event.event_id, title=event.title, starts_at=event.starts_at,
        place=event.place, online_url=event.online_url, participant_ids=tuple(event.participant_ids)), ctx)


async def on_consultation_opened(event: ConsultationOpened, attributes: CloudEventAttributes,
                                 ctx: Context) -> None:
    await handlers.notify_consultation_opened(commands.NotifyConsultationOpened(
        **_scope(event, attributes), consultation_id=event.consultation_id, title=event.title,
        summary=event.summary, opened_by=event.opened_by, descriptors=tuple(event.descriptors)),
        ctx)


async def on_consultation_closed(event: ConsultationClosed, attributes: CloudEventAttributes,
                                 ctx: Context) -> None:
    await handlers.notify_consultation_results(commands.NotifyConsultationResults(
        **_scope(event, attributes), consultation_id=event.consultation_id, title=event.title,
        participant_ids=tuple(event.participant_ids)), ctx)


async def on_content_moderated(event: ContentModerated, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_content_moderated(commands.NotifyContentModerated(
        **_scope(event, attributes), content_kind=event.content_kind.value, content_id=event.content_id,
        content_title=event.content_title, author_id=event.author_id, action=event.action.value,
        reason=event.reason, moderator_id=event.moderator_id, moderated_at=event.moderated_at), ctx)


async def on_invitation_issued(event: InvitationIssued, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_invitation(commands.NotifyInvitation(
        invitation_id=event.invitation_id, community_id=event.community_id, community_name=event.community_name,
        visibility=event.community_visibility, invited_by=event.invited_by, user_id=event.user_id,
        source_event_id=attributes.id), ctx)


async def on_community_reviewed(event: CommunityReviewed, attributes: CloudEventAttributes, ctx: Context) -> None:
    await handlers.notify_community_reviewed(commands.NotifyCommunityReviewed(
        community_id=event.community_id, community_name=event.name, owner_id=event.owner_id,
        approved=event.status is CommunityStatus.ACTIVE, reason=event.reason, version=event.version,
        source_event_id=attributes.id), ctx)


def register(consumer: EventConsumer) -> None:
    consumer.on(ProfileUpdated, on_profile_updated)
    consumer.on(UserErased, on_user_erased)
    consumer.on(MembershipChanged, on_membership_changed)
    consumer.on(ProposalPublished, on_proposal_published)
    consumer.on(InterestExpressed, on_interest_expressed)
    consumer.on(InterestAccepted, on_interest_accepted)
    consumer.on(InterestDeclined, on_interest_declined)
    consumer.on(PostPublished, on_post_published)
    consumer.on(ReplyPublished, on_reply_published)
    consumer.on(NewsPublished, on_news_published)
    consumer.on(NewsReviewed, on_news_reviewed)
    # Skipped before any transaction: what no member is told of.
    consumer.on(EventScheduled, on_event_scheduled, when=lambda e: e.revision == 1)
    consumer.on(EventCancelled, on_event_cancelled)
    consumer.on(RegistrationChanged, on_registration_changed,
                when=lambda e: e.promoted and e.status is RegistrationStatus.REGISTERED)
    consumer.on(EventReminderDue, on_event_reminder_due)
    consumer.on(ConsultationOpened, on_consultation_opened)
    consumer.on(ConsultationClosed, on_consultation_closed, when=lambda e: e.results_public)
    consumer.on(ContentModerated, on_content_moderated)
    consumer.on(InvitationIssued, on_invitation_issued, when=lambda e: e.user_id is not None)
    consumer.on(CommunityReviewed, on_community_reviewed, when=lambda e: e.status is not CommunityStatus.PENDING_VALIDATION)
