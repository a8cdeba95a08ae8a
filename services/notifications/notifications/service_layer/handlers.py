"""Command handlers, all of one shape: `async def handler(command, ctx) -> result`, where
ctx is the Context of one transaction (`service_layer/ports.py`). Event-driven ones run in
the consumer's transaction (the event is marked processed in the same commit); the
members' own actions in the unit of work their route opens."""
from __future__ import annotations

from datetime import UTC, datetime

from contracts.taxonomy import load_taxonomy
from notifications.domain.model import (
    Membership, Message, Notification, NotificationKind, Profile, ProposalAudience, Topic, community_post,
    interest_answered, interest_received, interest_recipient, join_answered, join_request_news,
    join_request_recipients, join_requested, post_recipients, proposal_matched,
)
from notifications.service_layer import commands
from notifications.service_layer.ports import Context
from servicekit.exceptions import NotFound
from servicekit.ids import new_id


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
    members = await ctx.memberships.active_in(cmd.community_id)
    profiles = await ctx.profiles.of_users(m.user_id for m in members)
    recipients = post_recipients(cmd.community_id, cmd.author_id, members, profiles)
    await _deliver(ctx, community_post(cmd.post_id, cmd.title, cmd.excerpt, cmd.community_id), recipients, cmd.source_event_id)


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
