"""The notifications domain: pure Python, no I/O. Who hears about what, in the read
models this service keeps of other services' state, and what each notification says."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from contracts.events import (
    DEFAULT_LANGUAGE, EEN_SENDER_PREFIX, CommunityVisibility, Language, MembershipRole, MembershipStatus,
    NotificationCreated,
)
from contracts.taxonomy import Taxonomy

MAX_BODY = 500  # an inbox shows a teaser; the full text lives with the subject


class NotificationKind(StrEnum):
    PROPOSAL_MATCHED = "proposal.matched"
    INTEREST_RECEIVED = "interest.received"
    INTEREST_ACCEPTED = "interest.accepted"
    INTEREST_DECLINED = "interest.declined"
    COMMUNITY_POST = "community.post"
    JOIN_REQUESTED = "community.join_requested"
    JOIN_APPROVED = "community.join_approved"
    JOIN_DECLINED = "community.join_declined"
    # Issue 9: a community's content, its invitations and its validation.
    REPLY = "community.reply"                      # to the topic's author and the parent reply's author
    MENTION = "community.mention"                  # a member named with @ in a topic or a reply
    NEWS = "community.news"                        # an article was published (community or platform-wide)
    NEWS_SUBMITTED = "community.news_submitted"    # an article waits for a manager's validation
    NEWS_APPROVED = "community.news_approved"      # the author's article was validated
    NEWS_REJECTED = "community.news_rejected"      # ... or sent back, with the reason
    EVENT = "community.event"                      # a new event (community or platform-wide)
    EVENT_CANCELLED = "community.event_cancelled"  # to its registered and waiting participants
    EVENT_PROMOTED = "community.event_promoted"    # a place freed up: off the waiting list
    EVENT_REMINDER = "community.event_reminder"    # it starts soon: to its registered participants
    CONSULTATION = "community.consultation"        # a consultation opened
    CONSULTATION_RESULTS = "community.consultation_results"  # closed, results public: to its participants
    CONTENT_HELD = "community.content_held"        # reported by several members: hidden pending review
    CONTENT_HIDDEN = "community.content_hidden"    # a moderator hid it (the author is told why)
    CONTENT_REMOVED = "community.content_removed"
    CONTENT_RESTORED = "community.content_restored"
    INVITATION = "community.invitation"            # a manager invited a registered member
    COMMUNITY_VALIDATED = "community.validated"    # a platform operator validated the owner's community
    COMMUNITY_REJECTED = "community.rejected"      # ... or refused it, with the reason


class SubjectType(StrEnum):
    PROPOSAL = "proposal"
    INTEREST = "interest"
    POST = "post"
    COMMUNITY = "community"
    REPLY = "reply"
    NEWS = "news"
    DOCUMENT = "document"
    EVENT = "event"
    CONSULTATION = "consultation"
    INVITATION = "invitation"


SUBJECT_OF: Mapping[NotificationKind, SubjectType] = {
    NotificationKind.PROPOSAL_MATCHED: SubjectType.PROPOSAL,
    NotificationKind.INTEREST_RECEIVED: SubjectType.INTEREST,
    NotificationKind.INTEREST_ACCEPTED: SubjectType.INTEREST,
    NotificationKind.INTEREST_DECLINED: SubjectType.INTEREST,
    NotificationKind.COMMUNITY_POST: SubjectType.POST,
    NotificationKind.JOIN_REQUESTED: SubjectType.COMMUNITY,
    NotificationKind.JOIN_APPROVED: SubjectType.COMMUNITY,
    NotificationKind.JOIN_DECLINED: SubjectType.COMMUNITY,
    NotificationKind.REPLY: SubjectType.POST,  # the topic (the reply is the occasion): a link opens the thread
    NotificationKind.MENTION: SubjectType.POST,
    NotificationKind.NEWS: SubjectType.NEWS,
    NotificationKind.NEWS_SUBMITTED: SubjectType.NEWS,
    NotificationKind.NEWS_APPROVED: SubjectType.NEWS,
    NotificationKind.NEWS_REJECTED: SubjectType.NEWS,
    NotificationKind.EVENT: SubjectType.EVENT,
    NotificationKind.EVENT_CANCELLED: SubjectType.EVENT,
    NotificationKind.EVENT_PROMOTED: SubjectType.EVENT,
    NotificationKind.EVENT_REMINDER: SubjectType.EVENT,
    NotificationKind.CONSULTATION: SubjectType.CONSULTATION,
    NotificationKind.CONSULTATION_RESULTS: SubjectType.CONSULTATION,
    NotificationKind.INVITATION: SubjectType.INVITATION,
    NotificationKind.COMMUNITY_VALIDATED: SubjectType.COMMUNITY,
    NotificationKind.COMMUNITY_REJECTED: SubjectType.COMMUNITY,
    # The moderation kinds' subject is the content's own kind (post, reply, news, document): see `moderated`.
}
MODERATION_KINDS = frozenset({NotificationKind.CONTENT_HELD, NotificationKind.CONTENT_HIDDEN,
                              NotificationKind.CONTENT_REMOVED, NotificationKind.CONTENT_RESTORED})


class Topic(StrEnum):
    """The switches a member has in their notification preferences."""

    PROPOSALS = "proposals"
    INTERESTS = "interests"
    COMMUNITIES = "communities"


# -- read models of other services' state ---------------------------------------------------
@dataclass(frozen=True)
class Preferences:
    proposals: bool = True
    interests: bool = True
    communities: bool = True

    def allows(self, topic: Topic) -> bool:
        return bool(getattr(self, topic.value))


@dataclass(frozen=True)
class Profile:
    """What we know of a member from profiles' events. `erased` marks a tombstone: the
    member asked to be forgotten, so late or replayed events must not bring them back."""

    user_id: str
    version: int
    display_name: str = ""
    interests: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)
    language: Language = DEFAULT_LANGUAGE  # what the member reads notices in
    erased: bool = False

    @staticmethod
    def unknown(user_id: str) -> Profile:
        """A member whose profile we have not seen yet: default preferences, no interests."""
        return Profile(user_id=user_id, version=0)

    @staticmethod
    def tombstone(user_id: str) -> Profile:
        return Profile(user_id=user_id, version=0, erased=True)

    def supersedes(self, stored: Profile | None) -> bool:
        """Events may arrive late or twice: only a newer version replaces what we hold."""
        if stored is None:
            return True
        return not stored.erased and self.version > stored.version

    def wants(self, topic: Topic) -> bool:
        return not self.erased and self.preferences.allows(topic)


MODERATING_ROLES = frozenset({MembershipRole.OWNER, MembershipRole.MODERATOR})


@dataclass(frozen=True)
class Membership:
    community_id: str
    user_id: str
    status: MembershipStatus
    changed_at: datetime
    role: MembershipRole = MembershipRole.MEMBER

    def supersedes(self, stored: Membership | None) -> bool:
        # The same change redelivered (equal time) is harmless to apply again.
        return stored is None or self.changed_at >= stored.changed_at

    @property
    def active(self) -> bool:
        return self.status is MembershipStatus.ACTIVE

    @property
    def moderates(self) -> bool:
        return self.active and self.role in MODERATING_ROLES


def join_request_news(previous: Membership | None, current: Membership) -> NotificationKind | None:
    """What a membership change says about a request to join a private community, judged
    against the state it replaces (one community's changes arrive in order): a new request,
    or the answer to one. The same change seen again says nothing new."""
    asked_before = previous is not None and previous.status is MembershipStatus.PENDING
    if current.status is MembershipStatus.PENDING:
        return None if asked_before else NotificationKind.JOIN_REQUESTED
    if asked_before and current.status is MembershipStatus.ACTIVE:
        return NotificationKind.JOIN_APPROVED
    if asked_before and current.status is MembershipStatus.REMOVED:
        return NotificationKind.JOIN_DECLINED
    return None  # joined a public community, withdrew the request, left, changed role


# -- who hears about what --------------------------------------------------------------------
@dataclass(frozen=True)
class ProposalAudience:
    """Who a new proposal reaches: members with an interest among `terms` (the proposal's
    descriptors and all their ancestors, so an interest in an area matches a proposal
    tagged with one of its challenges), except its owner and those who opted out.
    The inbox repository turns this rule into one indexed query."""

    terms: frozenset[str]
    owner_id: str | None
    topic: Topic = Topic.PROPOSALS

    @staticmethod
    def of(descriptors: Iterable[str], owner_id: str | None, taxonomy: Taxonomy,
           topic: Topic = Topic.PROPOSALS) -> ProposalAudience:
        """`topic` is the preference switch that lets members out: platform-wide news, events
        and consultations reach members the same way, under COMMUNITIES. No descriptors, no one."""
        return ProposalAudience(terms=frozenset(taxonomy.expand(descriptors)), owner_id=owner_id, topic=topic)

    def admits(self, profile: Profile) -> bool:
        return (profile.user_id != self.owner_id and profile.wants(self.topic)
                and not self.terms.isdisjoint(profile.interests))


def interest_recipient(recipient_id: str | None, profile: Profile | None) -> str | None:
    """The one member told about an expression of interest (its proposal's owner) or its
    answer (its sender). An EEN-sourced proposal has no local owner to tell, and an EEN
    partner who sent an interest is no member to tell."""
    if recipient_id is None or recipient_id.startswith(EEN_SENDER_PREFIX):
        return None
    return recipient_id if (profile or Profile.unknown(recipient_id)).wants(Topic.INTERESTS) else None


def post_recipients(community_id: str, author_id: str, memberships: Iterable[Membership],
                    profiles: Mapping[str, Profile]) -> list[str]:
    """Active members of the post's community, except its author and those who opted
    out. Only membership lets anyone in: a private community's posts never reach
    former, pending or removed members, nor anyone else."""
    return [
        m.user_id for m in memberships
        if m.community_id == community_id and m.active and m.user_id != author_id
        and profiles.get(m.user_id, Profile.unknown(m.user_id)).wants(Topic.COMMUNITIES)
    ]


def join_request_recipients(memberships: Iterable[Membership], profiles: Mapping[str, Profile]) -> list[str]:
    """The community's active owners and moderators (who can answer a request), except
    those who opted out of community notifications."""
    return [m.user_id for m in memberships
            if m.moderates and profiles.get(m.user_id, Profile.unknown(m.user_id)).wants(Topic.COMMUNITIES)]


@dataclass(frozen=True)
class ContentScope:
    """Where a piece of community content lives, as its event says: one community (with its
    access type when it happened) or the whole platform (community_id None)."""

    community_id: str | None
    visibility: CommunityVisibility | None = None

    @property
    def platform(self) -> bool:
        return self.community_id is None

    @property
    def restricted(self) -> bool:
        """Content of a private or closed community (or of one whose access type the event
        does not say: the safe side) is for its active members only."""
        return not self.platform and self.visibility is not CommunityVisibility.PUBLIC


def _wants(user_id: str, profiles: Mapping[str, Profile]) -> bool:
    return profiles.get(user_id, Profile.unknown(user_id)).wants(Topic.COMMUNITIES)


def _addressable(user_id: str | None) -> bool:
    return bool(user_id) and not str(user_id).startswith(EEN_SENDER_PREFIX)


def members_audience(scope: ContentScope, actor_id: str | None, memberships: Iterable[Membership],
                     profiles: Mapping[str, Profile]) -> list[str]:
    """Who hears of new content in a community (news, an event, a consultation, a topic):
    its active members, except whoever published it and those who opted out. Only an
    active membership of *that* community lets anyone in, whatever its access type."""
    return [m.user_id for m in memberships
            if m.community_id == scope.community_id and m.active and m.user_id != actor_id
            and _wants(m.user_id, profiles)]


def people_audience(scope: ContentScope, candidates: Iterable[str | None], actor_id: str | None,
                    memberships: Iterable[Membership], profiles: Mapping[str, Profile], *,
                    members_only: bool = False) -> list[str]:
    """Who of the named `candidates` (a topic's author, registered participants, an article's
    author, an invitee...) is told, in their order and once each: never the actor who did it,
    never someone who opted out, and, for content of a private or closed community (or when
    `members_only`: mentions), only active members of it: such content never reaches anyone
    else, whatever the event names (a participant removed since registering hears nothing)."""
    active = {m.user_id for m in memberships if m.community_id == scope.community_id and m.active}
    gate = members_only or scope.restricted
    told: list[str] = []
    for user_id in candidates:
        if (not _addressable(user_id) or user_id == actor_id or user_id in told
                or (gate and user_id not in active) or not _wants(user_id, profiles)):  # type: ignore[arg-type]
            continue
        told.append(user_id)  # type: ignore[arg-type]
    return told


def community_review_recipient(owner_id: str, profiles: Mapping[str, Profile]) -> list[str]:
    """The owner of a community an operator validated or refused (they own it: no membership rule)."""
    return [owner_id] if _addressable(owner_id) and _wants(owner_id, profiles) else []


# -- what they are told ----------------------------------------------------------------------
@dataclass(frozen=True)
class Notification:
    id: str
    user_id: str
    kind: NotificationKind
    title: str
    body: str
    subject_type: SubjectType
    subject_id: str
    created_at: datetime
    seq: str  # time-ordered (UUIDv7): the inbox's order and pagination key
    source_event_id: str
    read_at: datetime | None = None
    community_id: str | None = None  # where the subject lives, when it lives in a community (a post)
    # The parts of the title, for clients that say it in the member's language (the title is English):
    subject_title: str | None = None  # what it is about: the proposal's or post's title, the community's name
    actor: str | None = None  # who did it, when named: a requester, an EEN partner's organisation (country)
    community_name: str | None = None  # the community's name, for content that lives in one
    starts_at: datetime | None = None  # when what it is about happens (an event)

    def mark_read(self, at: datetime) -> Notification:
        """Idempotent: reading twice keeps the first time."""
        return self if self.read_at is not None else replace(self, read_at=at)


@dataclass(frozen=True)
class Message:
    """What one event says, before it is addressed to each recipient."""

    kind: NotificationKind
    subject_id: str
    title: str
    body: str
    # Set when one subject can have this news more than once (a community gets many requests
    # to join): what tells the occasions apart, taken from the event so that it is the same
    # in every copy of it.
    occasion: str | None = None
    community_id: str | None = None
    subject_title: str | None = None
    actor: str | None = None
    community_name: str | None = None
    subject_type: SubjectType | None = None  # when the kind does not say it (moderation: the content's kind)
    starts_at: datetime | None = None

    def notification_id(self, user_id: str) -> str:
        """Deterministic, so the same subject can never notify the same member twice,
        whichever copy of the event (redelivered or re-published) gets here."""
        if self.occasion is not None:
            return f"{self.kind.value}:{self.subject_id}:{self.occasion}:{user_id}"
        return f"{self.kind.value}:{self.subject_id}:{user_id}"

    def deliver(self, *, to: str, seq: str, source_event_id: str,
                now: datetime) -> tuple[Notification, NotificationCreated]:
        notification = Notification(
            id=self.notification_id(to), user_id=to, kind=self.kind, title=self.title, body=self.body,
            subject_type=self.subject_type or SUBJECT_OF[self.kind], subject_id=self.subject_id, created_at=now,
            seq=seq, source_event_id=source_event_id, community_id=self.community_id,
            subject_title=self.subject_title, actor=self.actor, community_name=self.community_name,
            starts_at=self.starts_at,
        )
        return notification, NotificationCreated(notification_id=notification.id, user_id=to,
                                                 kind=self.kind.value, title=self.title, created_at=now)


def _teaser(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= MAX_BODY else text[:MAX_BODY - 1].rstrip() + "…"


def proposal_matched(proposal_id: str, title: str, summary: str) -> Message:
    return Message(NotificationKind.PROPOSAL_MATCHED, proposal_id,
                   f"A new proposal matches your interests: {title}", _teaser(summary), subject_title=title)


def interest_received(interest_id: str, proposal_title: str, message: str, *, sender_organisation: str | None = None,
                      sender_country: str | None = None) -> Message:
    """A member's profile is a click away; an EEN partner has none, so the title names them."""
    sender, actor = "Someone", None
    if sender_organisation:
        country = f" ({sender_country})" if sender_country else ""
        actor = f"{sender_organisation}{country}"
        sender = f"{actor}, through the Enterprise Europe Network,"
    return Message(NotificationKind.INTEREST_RECEIVED, interest_id,
                   f"{sender} is interested in your proposal “{proposal_title}”", _teaser(message),
                   subject_title=proposal_title, actor=actor)


def interest_answered(interest_id: str, proposal_title: str, accepted: bool, reason: str | None) -> Message:
    if accepted:
        return Message(NotificationKind.INTEREST_ACCEPTED, interest_id,
                       f"Your interest in “{proposal_title}” was accepted",
                       "The proposer would like to follow up with you.", subject_title=proposal_title)
    return Message(NotificationKind.INTEREST_DECLINED, interest_id,
                   f"Your interest in “{proposal_title}” was declined", _teaser(reason), subject_title=proposal_title)


def community_post(post_id: str, title: str, excerpt: str, community_id: str | None = None,
                   community_name: str | None = None) -> Message:
    return Message(NotificationKind.COMMUNITY_POST, post_id, f"New post in {_in(community_name)}: {title}",
                   _teaser(excerpt), community_id=community_id, subject_title=title, community_name=community_name)


def _in(community_name: str | None) -> str:
    return f"“{community_name}”" if community_name else "your community"


def join_requested(community_id: str, community_name: str | None, requester_id: str, requester_name: str,
                   requested_at: datetime) -> Message:
    return Message(NotificationKind.JOIN_REQUESTED, community_id,
                   f"{requester_name or 'Someone'} asked to join {_in(community_name)}",
                   "Approve or decline the request among the community's pending members.",
                   occasion=f"{requester_id}.{_millis(requested_at)}", subject_title=community_name,
                   actor=requester_name or None)


def join_answered(community_id: str, community_name: str | None, approved: bool, answered_at: datetime) -> Message:
    """The requester is not a member when declined: a private community's name is not theirs to see."""
    if approved:
        where = f"“{community_name}”" if community_name else "the community"
        return Message(NotificationKind.JOIN_APPROVED, community_id, f"You are now a member of {where}",
                       "Your request to join was approved.", occasion=_millis(answered_at),
                       subject_title=community_name)
    return Message(NotificationKind.JOIN_DECLINED, community_id, "Your request to join a community was declined",
                   "Its moderators did not approve it.", occasion=_millis(answered_at))


def _millis(at: datetime) -> str:
    return str(int(at.timestamp() * 1000))


# -- a community's content (issue 9) -----------------------------------------------------------
def _where(scope: ContentScope, community_name: str | None) -> str:
    return "the platform" if scope.platform else _in(community_name)


def reply_published(scope: ContentScope, community_name: str | None, post_id: str, reply_id: str,
                    post_title: str, excerpt: str, *, to_your_reply: bool = False) -> Message:
    """To the topic's author, or the author of the reply it answers; the reply is the occasion."""
    what = "your reply in" if to_your_reply else "your topic"
    return Message(NotificationKind.REPLY, post_id, f"New reply to {what} “{post_title}”", _teaser(excerpt),
                   occasion=reply_id, community_id=scope.community_id, subject_title=post_title,
                   community_name=community_name)


def mentioned(scope: ContentScope, community_name: str | None, post_id: str, post_title: str, excerpt: str,
              reply_id: str | None = None) -> Message:
    return Message(NotificationKind.MENTION, post_id, f"You were mentioned in “{post_title}”", _teaser(excerpt),
                   occasion=reply_id, community_id=scope.community_id, subject_title=post_title,
                   community_name=community_name)


def news_published(scope: ContentScope, community_name: str | None, news_id: str, title: str,
                   summary: str) -> Message:
    return Message(NotificationKind.NEWS, news_id, f"News in {_where(scope, community_name)}: {title}",
                   _teaser(summary), community_id=scope.community_id, subject_title=title,
                   community_name=community_name)


def news_reviewed(scope: ContentScope, community_name: str | None, news_id: str, title: str, outcome: str,
                  reason: str | None, reviewed_at: datetime) -> Message:
    """`outcome` is the NewsReviewOutcome's value: submitted (to the managers), approved or
    rejected (to the author). An article can go round more than once: its time tells them apart."""
    occasion = _millis(reviewed_at)
    common = {"occasion": occasion, "community_id": scope.community_id, "subject_title": title,
              "community_name": community_name}
    if outcome == "submitted":
        return Message(NotificationKind.NEWS_SUBMITTED, news_id, f"An article waits for your validation: {title}",
                       "Approve it, or send it back to its author with a reason.", **common)
    if outcome == "approved":
        return Message(NotificationKind.NEWS_APPROVED, news_id, f"Your article “{title}” was approved",
                       "It is published, or will be at its publication time.", **common)
    return Message(NotificationKind.NEWS_REJECTED, news_id, f"Your article “{title}” was sent back",
                   _teaser(reason), **common)


def event_scheduled(scope: ContentScope, community_name: str | None, event_id: str, title: str,
                    starts_at: datetime, place: str | None) -> Message:
    return Message(NotificationKind.EVENT, event_id, f"New event in {_where(scope, community_name)}: {title}",
                   _teaser(place or ""), community_id=scope.community_id, subject_title=title,
                   community_name=community_name, starts_at=starts_at)


def event_cancelled(scope: ContentScope, community_name: str | None, event_id: str, title: str,
                    starts_at: datetime) -> Message:
    return Message(NotificationKind.EVENT_CANCELLED, event_id, f"Event cancelled: {title}",
                   "It will not take place; your registration is void.", community_id=scope.community_id,
                   subject_title=title, community_name=community_name, starts_at=starts_at)


def event_promoted(scope: ContentScope, community_name: str | None, event_id: str, title: str,
                   starts_at: datetime, changed_at: datetime) -> Message:
    return Message(NotificationKind.EVENT_PROMOTED, event_id, f"A place freed up: you are registered for {title}",
                   "You were on the waiting list and now have a place.", occasion=_millis(changed_at),
                   community_id=scope.community_id, subject_title=title, community_name=community_name,
                   starts_at=starts_at)


def event_reminder(scope: ContentScope, community_name: str | None, event_id: str, title: str,
                   starts_at: datetime, place: str | None, online_url: str | None) -> Message:
    return Message(NotificationKind.EVENT_REMINDER, event_id, f"Reminder: {title} starts soon",
                   _teaser(place or online_url or ""), occasion=_millis(starts_at),
                   community_id=scope.community_id, subject_title=title, community_name=community_name,
                   starts_at=starts_at)


def consultation_opened(scope: ContentScope, community_name: str | None, consultation_id: str, title: str,
                        summary: str) -> Message:
    return Message(NotificationKind.CONSULTATION, consultation_id,
                   f"New consultation in {_where(scope, community_name)}: {title}", _teaser(summary),
                   community_id=scope.community_id, subject_title=title, community_name=community_name)


def consultation_results(scope: ContentScope, community_name: str | None, consultation_id: str,
                         title: str) -> Message:
    return Message(NotificationKind.CONSULTATION_RESULTS, consultation_id,
                   f"The results of “{title}” are out", "The consultation closed; its results are public to its "
                   "participants.", community_id=scope.community_id, subject_title=title,
                   community_name=community_name)


_MODERATION_KIND = {
    "hidden_pending_review": NotificationKind.CONTENT_HELD, "hidden": NotificationKind.CONTENT_HIDDEN,
    "removed": NotificationKind.CONTENT_REMOVED, "restored": NotificationKind.CONTENT_RESTORED,
}
_MODERATION_TITLE = {
    NotificationKind.CONTENT_HELD: "Your {what} “{title}” was hidden pending review",
    NotificationKind.CONTENT_HIDDEN: "A moderator hid your {what} “{title}”",
    NotificationKind.CONTENT_REMOVED: "A moderator removed your {what} “{title}”",
    NotificationKind.CONTENT_RESTORED: "Your {what} “{title}” is visible again",
}
_CONTENT_WORD = {SubjectType.POST: "topic", SubjectType.REPLY: "reply", SubjectType.NEWS: "article",
                 SubjectType.DOCUMENT: "document"}


def moderated(scope: ContentScope, community_name: str | None, content_kind: str, content_id: str,
              content_title: str, action: str, reason: str | None, moderated_at: datetime) -> Message:
    """To the content's author. `content_kind` and `action` are ContentKind's and
    ModerationAction's values; content can be hidden and restored again: the time tells apart."""
    kind = _MODERATION_KIND[action]
    subject = SubjectType(content_kind)
    body = ("Several members reported it; a moderator will review it." if kind is NotificationKind.CONTENT_HELD
            else _teaser(reason))
    return Message(kind, content_id, _MODERATION_TITLE[kind].format(what=_CONTENT_WORD[subject], title=content_title),
                   body, occasion=_millis(moderated_at), community_id=scope.community_id,
                   subject_title=content_title, community_name=community_name, subject_type=subject)


def invited(invitation_id: str, community_id: str, community_name: str, inviter_name: str | None) -> Message:
    return Message(NotificationKind.INVITATION, invitation_id,
                   f"{inviter_name or 'A manager'} invited you to join “{community_name}”",
                   "Accept or decline the invitation among your invitations.", community_id=community_id,
                   subject_title=community_name, community_name=community_name, actor=inviter_name or None)


def community_reviewed(community_id: str, community_name: str, approved: bool, reason: str | None,
                       version: int) -> Message:
    if approved:
        return Message(NotificationKind.COMMUNITY_VALIDATED, community_id,
                       f"Your community “{community_name}” was validated", "It is now visible on the platform.",
                       occasion=str(version), community_id=community_id, subject_title=community_name,
                       community_name=community_name)
    return Message(NotificationKind.COMMUNITY_REJECTED, community_id,
                   f"Your community “{community_name}” was not validated", _teaser(reason), occasion=str(version),
                   community_id=community_id, subject_title=community_name, community_name=community_name)
