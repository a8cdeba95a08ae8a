"""The communities domain: pure Python, no I/O. The Community aggregate owns the rules
of who may join, moderate, post and see; memberships and posts are stored apart from
it (a community can have many), but every change to them goes through its methods,
which return the integration events the change causes."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from contracts.events import (
    CommunityCreated,
    CommunityReviewed,
    CommunityStatus,
    CommunityUpdated,
    CommunityVisibility,
    MembershipChanged,
    MembershipRole,
    MembershipStatus,
)

NAME_MIN, NAME_MAX = 3, 120
MAX_DESCRIPTORS = 20
EXCERPT_LENGTH = 280
# Stands in for a user who asked to be erased, where a user id is required.
ERASED_USER = "erased-user"

MODERATING_ROLES = frozenset({MembershipRole.OWNER, MembershipRole.MODERATOR})
ASSIGNABLE_ROLES = frozenset({MembershipRole.MODERATOR, MembershipRole.AUTHOR, MembershipRole.MEMBER})
REVIEW_REASON_MAX = 1000
# From the widest access to the narrowest: a sub-community is never wider than its parent.
ACCESS_WIDTH = {CommunityVisibility.PUBLIC: 2, CommunityVisibility.PRIVATE: 1, CommunityVisibility.CLOSED: 0}


def no_wider_than(access: CommunityVisibility, parent: CommunityVisibility) -> bool:
    return ACCESS_WIDTH[access] <= ACCESS_WIDTH[parent]


class CommunityRuleViolation(ValueError):
    """A request the rules refuse (HTTP 409)."""


class NotAllowed(PermissionError):
    """The caller may see the community but not do this in it (HTTP 403)."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Membership:
    id: str
    community_id: str
    user_id: str
    role: MembershipRole
    status: MembershipStatus
    since: datetime  # when the current role/status began
    version: int = 1

    @property
    def is_active(self) -> bool:
        return self.status is MembershipStatus.ACTIVE

    @property
    def is_open(self) -> bool:
        """Active, or asking to join: either way, asking again makes no sense."""
        return self.status in (MembershipStatus.ACTIVE, MembershipStatus.PENDING)

    @property
    def can_moderate(self) -> bool:
        return self.is_active and self.role in MODERATING_ROLES

    def _become(self, *, role: MembershipRole | None = None, status: MembershipStatus | None = None) -> Membership:
        return replace(self, role=role or self.role, status=status or self.status, since=_now(),
                       version=self.version + 1)


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    description: str
    visibility: CommunityVisibility
    descriptors: tuple[str, ...]
    owner_id: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    parent_id: str | None = None  # a sub-community (a project group inside a cluster's community)
    status: CommunityStatus = CommunityStatus.ACTIVE  # pending_validation while an operator must look
    members_listed: bool = True  # False: only managers see the member list
    news_requires_validation: bool = False  # authors' news waits for a manager before it is published
    review_reason: str | None = None  # why an operator refused it

    # -- creation and changes -------------------------------------------------------------
    @staticmethod
    def create(*, community_id: str, membership_id: str, owner_id: str, name: str, description: str,
               visibility: CommunityVisibility, descriptors: list[str],
               parent: Community | None = None, parent_membership: Membership | None = None,
               needs_validation: bool = False, members_listed: bool = True,
               news_requires_validation: bool = False,
               ) -> tuple[Community, Membership, list[CommunityCreated | MembershipChanged]]:
        """A new community, its creator its owner. A sub-community is made by a manager of
        its parent and is never wider than it; with `needs_validation` it waits for a
        platform operator (pending_validation) before anyone else sees it."""
        now = _now()
        if parent is not None:
            _require_moderator(parent_membership, "create a sub-community")
            if parent.status is not CommunityStatus.ACTIVE:
                raise CommunityRuleViolation("A sub-community needs an active parent community.")
            if not no_wider_than(visibility, parent.visibility):
                raise CommunityRuleViolation(
                    f"A sub-community cannot be wider than its parent ({parent.visibility.value}).")
        community = Community(id=community_id, name=name.strip(), description=description.strip(),
                              visibility=visibility, descriptors=_dedupe(descriptors), owner_id=owner_id,
                              created_at=now, updated_at=now, parent_id=parent.id if parent else None,
                              status=CommunityStatus.PENDING_VALIDATION if needs_validation else CommunityStatus.ACTIVE,
                              members_listed=members_listed, news_requires_validation=news_requires_validation)
        community._check_content()
        owner = Membership(id=membership_id, community_id=community_id, user_id=owner_id,
                           role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE, since=now)
        return community, owner, [CommunityCreated(**community._state()), community._changed(owner)]

    def revise(self, *, by: Membership | None, name: str | None = None, description: str | None = None,
               visibility: CommunityVisibility | None = None,
               descriptors: list[str] | None = None, members_listed: bool | None = None,
               news_requires_validation: bool | None = None, parent: Community | None = None,
               children: tuple[Community, ...] = ()) -> tuple[Community, CommunityUpdated]:
        """Owner and moderators change it. Its access type stays no wider than its parent's
        (`parent`), and narrowing it is refused while a sub-community (`children`) is wider
        than the new access: narrow those first (a choice: nothing changes behind a
        sub-community manager's back)."""
        _require_moderator(by, "change the community")
        if visibility is not None and visibility is not self.visibility:
            if parent is not None and not no_wider_than(visibility, parent.visibility):
                raise CommunityRuleViolation(
                    f"A sub-community cannot be wider than its parent ({parent.visibility.value}).")
            wider = [c.name for c in children if not no_wider_than(c.visibility, visibility)]
            if wider:
                raise CommunityRuleViolation(
                    "Narrow these sub-communities first, they would be wider than this community: "
                    + ", ".join(sorted(wider)) + ".")
        revised = replace(
            self,
            name=name.strip() if name is not None else self.name,
            description=description.strip() if description is not None else self.description,
            visibility=visibility or self.visibility,
            descriptors=_dedupe(descriptors) if descriptors is not None else self.descriptors,
            members_listed=self.members_listed if members_listed is None else members_listed,
            news_requires_validation=(self.news_requires_validation if news_requires_validation is None
                                      else news_requires_validation),
            updated_at=_now(), version=self.version + 1,
        )
        revised._check_content()
        return revised, CommunityUpdated(**revised._state())

    def review(self, *, approved: bool, reason: str | None) -> tuple[Community, CommunityReviewed]:
        """A platform operator lets a community waiting for validation be seen, or refuses
        it with a reason (the caller checks the operator)."""
        if self.status is not CommunityStatus.PENDING_VALIDATION:
            raise CommunityRuleViolation("Only a community waiting for validation can be reviewed.")
        reason = (reason or "").strip() or None
        if not approved and not reason:
            raise CommunityRuleViolation("Say why the community is refused.")
        if reason and len(reason) > REVIEW_REASON_MAX:
            raise CommunityRuleViolation(f"At most {REVIEW_REASON_MAX} characters of reason.")
        reviewed = replace(self, status=CommunityStatus.ACTIVE if approved else CommunityStatus.REJECTED,
                           review_reason=reason, updated_at=_now(), version=self.version + 1)
        return reviewed, CommunityReviewed(**reviewed._state(), reason=reason)

    # -- membership -----------------------------------------------------------------------
    def join(self, *, user_id: str, existing: Membership | None,
             membership_id: str) -> tuple[Membership, MembershipChanged]:
        """A public community takes members at once; a private one takes requests; a
        closed one takes nobody who was not invited (they accept the invitation instead)."""
        if self.visibility is CommunityVisibility.CLOSED:
            raise CommunityRuleViolation("This community is by invitation only.")
        if existing is not None and existing.is_open:
            raise CommunityRuleViolation(
                "You already asked to join this community." if existing.status is MembershipStatus.PENDING
                else "You are already a member of this community.")
        status = (MembershipStatus.ACTIVE if self.visibility is CommunityVisibility.PUBLIC
                  else MembershipStatus.PENDING)
        if existing is None:
            membership = Membership(id=membership_id, community_id=self.id, user_id=user_id,
                                    role=MembershipRole.MEMBER, status=status, since=_now())
        else:  # coming back after leaving: a new start as a plain member
            membership = existing._become(role=MembershipRole.MEMBER, status=status)
        return membership, self._changed(membership)

    def admit(self, *, user_id: str, existing: Membership | None,
              membership_id: str) -> tuple[Membership, MembershipChanged]:
        """An accepted invitation: an active member at once, whatever the access type (a
        pending request to join becomes a membership too)."""
        if existing is not None and existing.is_active:
            raise CommunityRuleViolation("You are already a member of this community.")
        if existing is None:
            membership = Membership(id=membership_id, community_id=self.id, user_id=user_id,
                                    role=MembershipRole.MEMBER, status=MembershipStatus.ACTIVE, since=_now())
        else:
            membership = existing._become(role=MembershipRole.MEMBER, status=MembershipStatus.ACTIVE)
        return membership, self._changed(membership)

    def leave(self, membership: Membership, *, active_owners: int) -> tuple[Membership, MembershipChanged]:
        """Leave, or withdraw a request to join. Someone must stay to own the community."""
        if not membership.is_open:
            raise CommunityRuleViolation("You are not a member of this community.")
        if membership.is_active and membership.role is MembershipRole.OWNER and active_owners <= 1:
            raise CommunityRuleViolation("The last owner cannot leave the community.")
        left = membership._become(status=MembershipStatus.LEFT)
        return left, self._changed(left)

    def approve(self, request: Membership, *, by: Membership | None) -> tuple[Membership, MembershipChanged]:
        _require_moderator(by, "approve requests to join")
        self._check_pending(request)
        approved = request._become(status=MembershipStatus.ACTIVE)
        return approved, self._changed(approved)

    def reject(self, request: Membership, *, by: Membership | None) -> tuple[Membership, MembershipChanged]:
        _require_moderator(by, "reject requests to join")
        self._check_pending(request)
        rejected = request._become(status=MembershipStatus.REMOVED)
        return rejected, self._changed(rejected)

    def assign_role(self, member: Membership, role: MembershipRole, *,
                    by: Membership | None) -> tuple[Membership, MembershipChanged | None]:
        if by is None or not by.is_active or by.role is not MembershipRole.OWNER:
            raise NotAllowed("Only the community's owner can assign roles.")
        if role not in ASSIGNABLE_ROLES:
            raise CommunityRuleViolation(f"A member can be made {' or '.join(sorted(ASSIGNABLE_ROLES))}.")
        if not member.is_active:
            raise CommunityRuleViolation("Only active members can be given a role.")
        if member.role is MembershipRole.OWNER:
            raise CommunityRuleViolation("The owner's role cannot be changed.")
        if member.role is role:
            return member, None
        changed = member._become(role=role)
        return changed, self._changed(changed)

    def remove(self, membership: Membership) -> tuple[Membership, MembershipChanged | None]:
        """End a membership or request without the member's say (the user was erased)."""
        if not membership.is_open:
            return membership, None
        removed = membership._become(status=MembershipStatus.REMOVED)
        return removed, self._changed(removed)

    def hand_over(self, successor: Membership | None) -> tuple[
            Community, Membership | None, list[CommunityUpdated | MembershipChanged]]:
        """The owner is gone: the successor (chosen by the caller) becomes owner; with
        nobody to succeed, the community is left without one rather than keep the id."""
        events: list[CommunityUpdated | MembershipChanged] = []
        promoted = None
        if successor is not None:
            promoted = successor._become(role=MembershipRole.OWNER)
            events.append(self._changed(promoted))
        handed = replace(self, owner_id=promoted.user_id if promoted else ERASED_USER, updated_at=_now(),
                         version=self.version + 1)
        events.insert(0, CommunityUpdated(**handed._state()))
        return handed, promoted, events

    # -- helpers --------------------------------------------------------------------------
    def _changed(self, membership: Membership) -> MembershipChanged:
        return MembershipChanged(community_id=self.id, user_id=membership.user_id, role=membership.role,
                                 status=membership.status, community_visibility=self.visibility,
                                 changed_at=membership.since, community_name=self.name)

    def _check_pending(self, request: Membership) -> None:
        if request.status is not MembershipStatus.PENDING:
            raise CommunityRuleViolation("There is no pending request to join from this user.")

    def _check_content(self) -> None:
        if not NAME_MIN <= len(self.name) <= NAME_MAX:
            raise CommunityRuleViolation(f"The name needs {NAME_MIN} to {NAME_MAX} characters.")
        if not self.descriptors:
            raise CommunityRuleViolation("Tag the community with at least one descriptor, so people find it.")
        if len(self.descriptors) > MAX_DESCRIPTORS:
            raise CommunityRuleViolation(f"At most {MAX_DESCRIPTORS} descriptors.")

    def _state(self) -> dict:
        return {"community_id": self.id, "version": self.version, "name": self.name, "description": self.description,
                    "visibility": self.visibility, "descriptors": list(self.descriptors), "owner_id": self.owner_id,
                    "parent_id": self.parent_id, "status": self.status}


def name_key(name: str) -> str:
    """What makes two community names the same one."""
    return " ".join(name.split()).casefold()


def excerpt(body: str) -> str:
    if len(body) <= EXCERPT_LENGTH:
        return body
    return body[:EXCERPT_LENGTH - 1].rstrip() + "…"


def _require_moderator(membership: Membership | None, action: str) -> None:
    if membership is None or not membership.can_moderate:
        raise NotAllowed(f"Only the community's owner and moderators can {action}.")


def _dedupe(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes))
