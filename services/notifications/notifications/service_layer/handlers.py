"""Command handlers, all of one shape: `async def handler(command, ctx) -> result`, where
ctx is the Context of one transaction (`service_layer/ports.py`). Event-driven ones run in
the consumer's transaction (the event is marked processed in the same commit); the
members' own actions in the unit of work their route opens."""
from __future__ import annotations

from datetime import UTC, datetime

from contracts.taxonomy import load_taxonomy
from servicekit.exceptions import NotFound
from servicekit.ids import new_id

from notifications.domain import model
from notifications.domain.model import (
    ContentScope, Membership, Message, Notification, NotificationKind, Profile, ProposalAudience, Topic, community_post,
    interest_answered, interest_received, interest_recipient, join_answered, join_request_news, join_request_recipients,
    join_requested, members_audience, people_audience, proposal_matched,
)
from notifications.service_layer import commands
from notifications.service_layer.ports import Context


def _now() -> datetime:
    """BSON keeps milliseconds: answer with the time as it will read back."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


# -- read models ------------------------------------------------------------------------------
async def record_profile(cmd: commands.RecordProfile, ctx: Context) -> None:
    profile = Profile(user_id=cmd.user_id, version=cmd.version, display_name=cmd.display_name,
                      interests=tuple(dict.fromkeys(cmd.interests)), competences=tuple(cmd.competences),
                      preferences=cmd.preferences, language=cmd.language)
    if profile.supersedes(await ctx.profiles.get(cmd.user_id)):
        await ctx.profiles.put(profile)


async def erase_user(cmd: commands.EraseUser, ctx: Context) -> None:
    """GDPR: forget the member's profile, memberships and inbox; keep only a tombstone
    so a late profile or membership event cannot bring them back."""
    await ctx.profiles.put(Profile.tombstone(cmd.user_id))
    await ctx.memberships.remove_user(cmd.user_id)
    await ctx.inbox.remove_user(cmd.user_id)


async def record_membership(cmd: commands.RecordMembership, ctx: Context) -> None:
    """Keep the read model, and tell a private community's moderators about a request to
    join it, and the requester about the answer."""
    profile = await ctx.profiles.get(cmd.user_id)
    if profile is not None and profile.erased:
        return
    membership = Membership(community_id=cmd.community_id, user_id=cmd.user_id, status=cmd.status,
                            changed_at=cmd.changed_at, role=cmd.role)
    previous = await ctx.memberships.get(cmd.community_id, cmd.user_id)
    if not membership.supersedes(previous):
        return
    await ctx.memberships.put(membership)
    news = join_request_news(previous, membership)
    if news is NotificationKind.JOIN_REQUESTED:
        moderators = await ctx.memberships.moderators_of(cmd.community_id)
        profiles = await ctx.profiles.of_users(m.user_id for m in moderators)
        message = join_requested(cmd.community_id, cmd.community_name, cmd.user_id,
                                 profile.display_name if profile else "", cmd.changed_at)
        await _deliver(ctx, message, join_request_recipients(moderators, profiles), cmd.source_event_id)
    elif news is not None and (profile or Profile.unknown(cmd.user_id)).wants(Topic.COMMUNITIES):
        message = join_answered(cmd.community_id, cmd.community_name, news is NotificationKind.JOIN_APPROVED,
                                cmd.changed_at)
        await _deliver(ctx, message, [cmd.user_id], cmd.source_event_id)


# -- distribution -----------------------------------------------------------------------------
async def notify_proposal_matches(cmd: commands.NotifyProposalMatches, ctx: Context) -> None:
    audience = ProposalAudience.of(cmd.descriptors, cmd.owner_id, load_taxonomy())
    recipients = await ctx.profiles.matching(audience)
    await _deliver(ctx, proposal_matched(cmd.proposal_id, cmd.title, cmd.summary), recipients, cmd.source_event_id)


async def notify_interest_received(cmd: commands.NotifyInterestReceived, ctx: Context) -> None:
    message = interest_received(cmd.interest_id, cmd.proposal_title, cmd.message,
                                sender_organisation=cmd.sender_organisation, sender_country=cmd.sender_country)
    await _notify_one(ctx, cmd.proposal_owner_id, message, cmd.source_event_id)


async def notify_interest_answered(cmd: commands.NotifyInterestAnswered, ctx: Context) -> None:
    message = interest_answered(cmd.interest_id, cmd.proposal_title, cmd.accepted, cmd.reason)
    await _notify_one(ctx, cmd.sender_id, message, cmd.source_event_id)


async def notify_community_post(cmd: commands.NotifyCommunityPost, ctx: Context) -> None:
    """A new topic: the members it mentions are told so (once, as a mention), the other active
    members of its community of the topic."""
    scope = ContentScope(cmd.community_id, cmd.visibility)
    mention = model.mentioned(scope, cmd.community_name, cmd.post_id, cmd.title, cmd.excerpt)
    named = await _to_people(ctx, mention, scope, cmd.mentioned_user_ids, cmd.author_id, cmd.source_event_id,
                             members_only=True)
    members = await ctx.memberships.active_in(cmd.community_id)
    profiles = await ctx.profiles.of_users(m.user_id for m in members)
    recipients = [u for u in members_audience(scope, cmd.author_id, members, profiles) if u not in named]
    await _deliver(ctx, community_post(cmd.post_id, cmd.title, cmd.excerpt, cmd.community_id, cmd.community_name),
                   recipients, cmd.source_event_id)


# -- a community's content (issue 9) -----------------------------------------------------------
async def notify_reply(cmd: commands.NotifyReply, ctx: Context) -> None:
    """The topic's author and the author of the reply answered hear of a reply (the topic's
    author first: one notice each), then the members it mentions who heard nothing yet."""
    scope = ContentScope(cmd.community_id, cmd.visibility)
    to_topic = model.reply_published(scope, cmd.community_name, cmd.post_id, cmd.reply_id, cmd.post_title,
                                     cmd.excerpt)
    told = await _to_people(ctx, to_topic, scope, [cmd.post_author_id], cmd.author_id, cmd.source_event_id)
    if cmd.parent_author_id and cmd.parent_author_id not in told:
        to_parent = model.reply_published(scope, cmd.community_name, cmd.post_id, cmd.reply_id, cmd.post_title,
                                          cmd.excerpt, to_your_reply=True)
        told += await _to_people(ctx, to_parent, scope, [cmd.parent_author_id], cmd.author_id, cmd.source_event_id)
    mention = model.mentioned(scope, cmd.community_name, cmd.post_id, cmd.post_title, cmd.excerpt, cmd.reply_id)
    await _to_people(ctx, mention, scope, [u for u in cmd.mentioned_user_ids if u not in told], cmd.author_id,
                     cmd.source_event_id, members_only=True)


async def notify_news_published(cmd: commands.NotifyNewsPublished, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.news_published(scope, cmd.community_name, cmd.news_id, cmd.title, cmd.summary)
    await _to_audience(ctx, message, scope, cmd.author_id, cmd.descriptors, cmd.source_event_id)


async def notify_news_reviewed(cmd: commands.NotifyNewsReviewed, ctx: Context) -> None:
    """Submitted: the managers who may validate it (in a community: its active owners and
    moderators; platform news is the operators', who have their own desk: nobody here).
    Approved or rejected: its author."""
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.news_reviewed(scope, cmd.community_name, cmd.news_id, cmd.title, cmd.outcome, cmd.reason,
                                  cmd.reviewed_at)
    if message.kind is NotificationKind.NEWS_SUBMITTED:
        if cmd.community_id is None:
            return
        managers = [m.user_id for m in await ctx.memberships.moderators_of(cmd.community_id)]
        await _to_people(ctx, message, scope, managers, cmd.author_id, cmd.source_event_id, members_only=True)
    else:
        await _to_people(ctx, message, scope, [cmd.author_id], cmd.reviewer_id, cmd.source_event_id)


async def notify_event_scheduled(cmd: commands.NotifyEventScheduled, ctx: Context) -> None:
    """New events only: a changed one (revision > 1) is no news to the whole community."""
    if cmd.revision != 1:
        return
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.event_scheduled(scope, cmd.community_name, cmd.event_id, cmd.title, cmd.starts_at, cmd.place)
    await _to_audience(ctx, message, scope, cmd.organiser_id, cmd.descriptors, cmd.source_event_id)


async def notify_event_cancelled(cmd: commands.NotifyEventCancelled, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.event_cancelled(scope, cmd.community_name, cmd.event_id, cmd.title, cmd.starts_at)
    await _to_people(ctx, message, scope, cmd.participant_ids, None, cmd.source_event_id)


async def notify_registration_promoted(cmd: commands.NotifyRegistrationPromoted, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.event_promoted(scope, cmd.community_name, cmd.event_id, cmd.title, cmd.starts_at,
                                   cmd.changed_at)
    await _to_people(ctx, message, scope, [cmd.user_id], None, cmd.source_event_id)


async def notify_event_reminder(cmd: commands.NotifyEventReminder, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.event_reminder(scope, cmd.community_name, cmd.event_id, cmd.title, cmd.starts_at, cmd.place,
                                   cmd.online_url)
    await _to_people(ctx, message, scope, cmd.participant_ids, None, cmd.source_event_id)


async def notify_consultation_opened(cmd: commands.NotifyConsultationOpened, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.consultation_opened(scope, cmd.community_name, cmd.consultation_id, cmd.title, cmd.summary)
    await _to_audience(ctx, message, scope, cmd.opened_by, cmd.descriptors, cmd.source_event_id)


async def notify_consultation_results(cmd: commands.NotifyConsultationResults, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.consultation_results(scope, cmd.community_name, cmd.consultation_id, cmd.title)
    await _to_people(ctx, message, scope, cmd.participant_ids, None, cmd.source_event_id)


async def notify_content_moderated(cmd: commands.NotifyContentModerated, ctx: Context) -> None:
    scope = ContentScope(cmd.community_id, cmd.visibility)
    message = model.moderated(scope, cmd.community_name, cmd.content_kind, cmd.content_id, cmd.content_title,
                              cmd.action, cmd.reason, cmd.moderated_at)
    await _to_people(ctx, message, scope, [cmd.author_id], cmd.moderator_id, cmd.source_event_id)


async def notify_invitation(cmd: commands.NotifyInvitation, ctx: Context) -> None:
    """A registered invitee is told (not a member yet: the invitation is what lets them see the
    community). An invitation by e-mail address has nobody here to tell."""
    if cmd.user_id is None:
        return
    inviter = await ctx.profiles.get(cmd.invited_by)
    message = model.invited(cmd.invitation_id, cmd.community_id, cmd.community_name,
                            inviter.display_name if inviter is not None and not inviter.erased else None)
    profiles = await ctx.profiles.of_users([cmd.user_id])
    # The invitee is no member yet: the invitation itself is their right to hear of the community.
    recipients = people_audience(ContentScope(None), [cmd.user_id], cmd.invited_by, [], profiles)
    await _deliver(ctx, message, recipients, cmd.source_event_id)


async def notify_community_reviewed(cmd: commands.NotifyCommunityReviewed, ctx: Context) -> None:
    profiles = await ctx.profiles.of_users([cmd.owner_id])
    message = model.community_reviewed(cmd.community_id, cmd.community_name, cmd.approved, cmd.reason, cmd.version)
    await _deliver(ctx, message, model.community_review_recipient(cmd.owner_id, profiles), cmd.source_event_id)


async def _to_audience(ctx: Context, message: Message, scope: ContentScope, actor_id: str | None,
                       descriptors: tuple[str, ...], source_event_id: str) -> None:
    """New content for everyone it concerns: a community's active members, or, platform-wide,
    the members whose interests match its descriptors (the proposals' matching)."""
    if scope.community_id is None:
        audience = ProposalAudience.of(descriptors, actor_id, load_taxonomy(), topic=Topic.COMMUNITIES)
        recipients = await ctx.profiles.matching(audience) if audience.terms else []
    else:
        members = await ctx.memberships.active_in(scope.community_id)
        profiles = await ctx.profiles.of_users(m.user_id for m in members)
        recipients = members_audience(scope, actor_id, members, profiles)
    await _deliver(ctx, message, recipients, source_event_id)


async def _to_people(ctx: Context, message: Message, scope: ContentScope, candidates, actor_id: str | None,
                     source_event_id: str, *, members_only: bool = False) -> list[str]:
    """Tell the named candidates `people_audience` lets in; who they were."""
    candidates = [u for u in dict.fromkeys(candidates) if u]
    if not candidates:
        return []
    memberships = (await ctx.memberships.of_users_in(scope.community_id, candidates)
                   if scope.community_id is not None else [])
    profiles = await ctx.profiles.of_users(candidates)
    recipients = people_audience(scope, candidates, actor_id, memberships, profiles, members_only=members_only)
    await _deliver(ctx, message, recipients, source_event_id)
    return recipients


async def _notify_one(ctx: Context, user_id: str | None, message: Message, source_event_id: str) -> None:
    profile = await ctx.profiles.get(user_id) if user_id is not None else None
    recipient = interest_recipient(user_id, profile)
    if recipient is not None:
        await _deliver(ctx, message, [recipient], source_event_id)


async def _deliver(ctx: Context, message: Message, recipients: list[str], source_event_id: str) -> None:
    """One notification per recipient, never two: ids are deterministic, and those
    already in the inbox (from an earlier copy of the event) are skipped."""
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        return
    existing = await ctx.inbox.existing_ids([message.notification_id(u) for u in recipients])
    now = _now()
    delivered = [message.deliver(to=user_id, seq=new_id(), source_event_id=source_event_id, now=now)
                 for user_id in recipients if message.notification_id(user_id) not in existing]
    await ctx.inbox.add_all([notification for notification, _ in delivered])
    for notification, event in delivered:
        ctx.publish(event)
        ctx.live.notification(notification)


# -- the member's own inbox -------------------------------------------------------------------
async def mark_read(cmd: commands.MarkRead, ctx: Context) -> Notification:
    notification = await ctx.inbox.get(cmd.notification_id)
    if notification is None or notification.user_id != cmd.user_id:
        raise NotFound(f"No notification {cmd.notification_id} in your inbox.")
    read = notification.mark_read(_now())
    if read is not notification:
        await ctx.inbox.save_read(read)
        ctx.live.unread_changed(cmd.user_id)
    return read


async def mark_all_read(cmd: commands.MarkAllRead, ctx: Context) -> int:
    marked = await ctx.inbox.mark_all_read(cmd.user_id, _now())
    if marked:
        ctx.live.unread_changed(cmd.user_id)
    return marked
