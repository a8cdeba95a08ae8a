"""The notifications domain: pure Python, no I/O. Who hears about what, in the read
models this service keeps of other services' state, and what each notification says."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from contracts.events import (
    DEFAULT_LANGUAGE, EEN_SENDER_PREFIX, Language, MembershipRole, MembershipStatus, NotificationCreated,
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


class SubjectType(StrEnum):
    PROPOSAL = "proposal"
    INTEREST = "interest"
    POST = "post"
    COMMUNITY = "community"


SUBJECT_OF: Mapping[NotificationKind, SubjectType] = {
    NotificationKind.PROPOSAL_MATCHED: SubjectType.PROPOSAL,
    NotificationKind.INTEREST_RECEIVED: SubjectType.INTEREST,
    NotificationKind.INTEREST_ACCEPTED: SubjectType.INTEREST,
    NotificationKind.INTEREST_DECLINED: SubjectType.INTEREST,
    NotificationKind.COMMUNITY_POST: SubjectType.POST,
    NotificationKind.JOIN_REQUESTED: SubjectType.COMMUNITY,
    NotificationKind.JOIN_APPROVED: SubjectType.COMMUNITY,
    NotificationKind.JOIN_DECLINED: SubjectType.COMMUNITY,
}


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
    def of(descriptors: Iterable[str], owner_id: str | None, taxonomy: Taxonomy) -> ProposalAudience:
        return ProposalAudience(terms=frozenset(taxonomy.expand(descriptors)), owner_id=owner_id)

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
            subject_type=SUBJECT_OF[self.kind], subject_id=self.subject_id, created_at=now, seq=seq,
            source_event_id=source_event_id, community_id=self.community_id, subject_title=self.subject_title,
            actor=self.actor,
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


def community_post(post_id: str, title: str, excerpt: str, community_id: str | None = None) -> Message:
    return Message(NotificationKind.COMMUNITY_POST, post_id, f"New post in your community: {title}",
                   _teaser(excerpt), community_id=community_id, subject_title=title)


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
