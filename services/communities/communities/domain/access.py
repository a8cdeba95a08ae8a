"""Who may see and do what in a community: one policy for every kind of content, so the
rules of the three access types live in one place.

- *open* (`public`): listed; anyone joins at once; every signed-in member of the platform
  reads its content; only its members take part (post, reply, register, answer).
- *private*: listed (name, description, counts); joining needs a manager's approval; its
  content is for its active members only (others get 403: they know it exists).
- *closed*: by invitation only; to anyone but its active members (and those holding an
  invitation, who see the community but not its content) it does not exist: 404.

A community awaiting a platform operator's validation exists only for its owner and for
operators. Platform-wide content (community None) is read by everyone signed in and
managed by platform operators. Operators see no private or closed community's content
unless they are members: content of such a community never reaches a non-member."""
from __future__ import annotations

from dataclasses import dataclass

from contracts.events import CommunityStatus, CommunityVisibility, MembershipRole
from servicekit.exceptions import Forbidden, NotFound

from communities.domain.model import ACCESS_WIDTH, Community, Membership, no_wider_than

NEWS_WRITING_ROLES = frozenset({MembershipRole.OWNER, MembershipRole.MODERATOR, MembershipRole.AUTHOR})
__all__ = ["ACCESS_WIDTH", "NEWS_WRITING_ROLES", "Actor", "Scope", "no_wider_than"]


@dataclass(frozen=True)
class Actor:
    """Who is asking: a signed-in user, and whether the token says platform operator."""

    user_id: str
    operator: bool = False


@dataclass(frozen=True)
class Scope:
    """Where a piece of content lives (a community, or the platform when `community` is
    None), as one actor sees it."""

    actor: Actor
    community: Community | None = None
    membership: Membership | None = None  # the actor's, in any state
    invited: bool = False  # the actor holds a live invitation to this community
    missing_id: str | None = None  # asked for a community that does not exist

    @staticmethod
    def missing(actor: Actor, community_id: str) -> Scope:
        return Scope(actor=actor, missing_id=community_id)

    @property
    def community_id(self) -> str | None:
        return self.community.id if self.community else self.missing_id

    @property
    def is_platform(self) -> bool:
        return self.community is None and self.missing_id is None

    @property
    def active_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def role(self) -> MembershipRole | None:
        return self.membership.role if self.active_member and self.membership else None

    # -- what the actor may do ------------------------------------------------------------
    def exists(self) -> bool:
        if self.missing_id is not None:
            return False
        c = self.community
        if c is None:
            return True
        if c.status is not CommunityStatus.ACTIVE:
            return self.actor.operator or (self.active_member and self.role is MembershipRole.OWNER)
        if c.visibility is CommunityVisibility.CLOSED:
            return self.active_member or self.invited
        return True

    def can_read(self) -> bool:
        """The community's content: topics, news, documents, events, consultations."""
        if not self.exists():
            return False
        c = self.community
        return c is None or c.visibility is CommunityVisibility.PUBLIC or self.active_member

    def can_participate(self) -> bool:
        """Post, reply, upload, register for events, answer consultations, report."""
        if self.is_platform:
            return True
        return self.exists() and self.active_member

    def can_manage(self) -> bool:
        """Owner and moderators; platform operators for platform-wide content."""
        if self.is_platform:
            return self.actor.operator
        return self.exists() and self.role in (MembershipRole.OWNER, MembershipRole.MODERATOR)

    def can_write_news(self) -> bool:
        if self.is_platform:
            return self.actor.operator
        return self.exists() and self.role in NEWS_WRITING_ROLES

    def is_owner(self) -> bool:
        return self.community is not None and self.exists() and self.role is MembershipRole.OWNER

    # -- the same, as the errors the API answers ------------------------------------------
    def require_exists(self) -> Scope:
        if not self.exists():
            raise NotFound(f"No community {self.community_id}.")
        return self

    def require_read(self) -> Scope:
        self.require_exists()
        if not self.can_read():
            raise Forbidden("This community's content is for its members only.")
        return self

    def require_participate(self, action: str = "take part") -> Scope:
        self.require_read()
        if not self.can_participate():
            raise Forbidden(f"Only the community's members can {action}.")
        return self

    def require_manage(self, action: str = "do this") -> Scope:
        self.require_read()
        if not self.can_manage():
            who = "platform operators" if self.is_platform else "the community's owner and moderators"
            raise Forbidden(f"Only {who} can {action}.")
        return self

    def require_write_news(self) -> Scope:
        self.require_read()
        if not self.can_write_news():
            who = "platform operators" if self.is_platform else "the community's managers and authors"
            raise Forbidden(f"Only {who} can write news here.")
        return self

    # -- what events about content in this scope carry -----------------------------------
    def event_fields(self) -> dict:
        c = self.community
        return {"community_id": c.id if c else None, "community_name": c.name if c else None,
                    "community_visibility": c.visibility if c else None}
