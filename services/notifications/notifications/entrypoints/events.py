"""Event entrypoints: thin adapters from integration events to commands, run with the
handler context of the consumer's transaction. The source event's id travels along so
every notification records what caused it."""
from __future__ import annotations

from contracts.envelope import CloudEventAttributes
from contracts.events import (
    InterestAccepted, InterestDeclined, InterestExpressed, MembershipChanged, PostPublished, ProfileUpdated,
    ProposalPublished, UserErased,
)
from notifications.domain.model import Preferences
from notifications.service_layer import commands, handlers
from notifications.service_layer.ports import Context
from servicekit.consumer import EventConsumer


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
        excerpt=event.excerpt, source_event_id=attributes.id), ctx)


def register(consumer: EventConsumer) -> None:
    consumer.on(ProfileUpdated, on_profile_updated)
    consumer.on(UserErased, on_user_erased)
    consumer.on(MembershipChanged, on_membership_changed)
    consumer.on(ProposalPublished, on_proposal_published)
    consumer.on(InterestExpressed, on_interest_expressed)
    consumer.on(InterestAccepted, on_interest_accepted)
    consumer.on(InterestDeclined, on_interest_declined)
    consumer.on(PostPublished, on_post_published)
