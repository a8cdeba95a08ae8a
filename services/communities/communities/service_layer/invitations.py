"""Commands and handlers of invitations (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

A manager invites a member or an e-mail address; the member accepts or declines in the app,
the address's holder accepts through the signed link (after signing up, if need be): either
way the accepting user becomes an active member. Every handler loads the scope again in its
transaction (service_layer/scopes.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from contracts.events import IntegrationEvent
from servicekit.exceptions import AlreadyExists, Conflict, NotFound
from servicekit.ids import new_id

from communities.domain import invitations as domain
from communities.domain.access import Actor
from communities.domain.invitations import Invitation
from communities.domain.model import Community, Membership
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class InvitationRepository(Protocol):
    async def add(self, invitation: Invitation) -> None: ...

    async def get(self, invitation_id: str) -> Invitation | None: ...

    async def save(self, invitation: Invitation) -> None:
        """Optimistic: the stored version must be invitation.version - 1."""

    async def live_for(self, community_id: str, *, user_id: str | None = None,
                       email: str | None = None) -> Invitation | None: ...


class _Memberships(Protocol):
    async def get(self, community_id: str, user_id: str) -> Membership | None: ...

    async def add(self, membership: Membership) -> None: ...

    async def save(self, membership: Membership) -> None: ...


class InvitationsContext(ScopeSource, Protocol):
    invitations: InvitationRepository
    memberships: _Memberships  # type: ignore[assignment]

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Invite:
    community_id: str
    by: str
    ttl_days: int
    user_id: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Answer:
    """Accept or decline a member's invitation (only the invitee)."""

    invitation_id: str
    user_id: str


@dataclass(frozen=True)
class AcceptLink:
    """Accept an e-mail invitation by its signed link: it binds the caller."""

    token: str
    user_id: str
    secret: str


@dataclass(frozen=True)
class Revoke:
    community_id: str
    invitation_id: str
    by: str


# -- handlers ---------------------------------------------------------------------------------
async def invite(cmd: Invite, ctx: InvitationsContext) -> tuple[Invitation, Community]:
    scope = (await load_scope(ctx, cmd.community_id, Actor(cmd.by))).require_manage("invite")
    assert scope.community is not None
    invitee = await ctx.memberships.get(scope.community.id, cmd.user_id) if cmd.user_id else None
    invitation, event = domain.issue(scope.community, invitation_id=new_id(), by=scope.membership,
                                     user_id=cmd.user_id, email=cmd.email, ttl=timedelta(days=cmd.ttl_days),
                                     invitee=invitee)
    already = await ctx.invitations.live_for(scope.community.id, user_id=invitation.user_id, email=invitation.email)
    if already is not None:
        raise Conflict("There is already a live invitation for this member or address: revoke it first.")
    await ctx.invitations.add(invitation)
    ctx.publish(event)
    return invitation, scope.community


async def _accept(invitation: Invitation, user_id: str, ctx: InvitationsContext) -> tuple[Invitation, Membership]:
    community = await ctx.communities.get(invitation.community_id)
    if community is None:
        raise NotFound(f"No invitation {invitation.id}.")
    existing = await ctx.memberships.get(community.id, user_id)
    spent, membership, event = invitation.accept(community, user_id=user_id, existing=existing,
                                                 membership_id=new_id())
    await ctx.invitations.save(spent)
    try:
        await (ctx.memberships.add(membership) if existing is None else ctx.memberships.save(membership))
    except AlreadyExists as exc:
        raise Conflict("You are already a member of this community.") from exc
    ctx.publish(event)
    return spent, membership


async def _own(ctx: InvitationsContext, invitation_id: str, user_id: str) -> Invitation:
    """A member's invitation, as its invitee sees it: anyone else's is not found."""
    invitation = await ctx.invitations.get(invitation_id)
    if invitation is None or invitation.by_email or invitation.user_id != user_id:
        raise NotFound(f"No invitation {invitation_id}.")
    return invitation


async def accept(cmd: Answer, ctx: InvitationsContext) -> tuple[Invitation, Membership]:
    return await _accept(await _own(ctx, cmd.invitation_id, cmd.user_id), cmd.user_id, ctx)


async def decline(cmd: Answer, ctx: InvitationsContext) -> Invitation:
    declined = (await _own(ctx, cmd.invitation_id, cmd.user_id)).decline(user_id=cmd.user_id)
    await ctx.invitations.save(declined)
    return declined


async def accept_link(cmd: AcceptLink, ctx: InvitationsContext) -> tuple[Invitation, Membership]:
    invitation_id = domain.read_token(cmd.token, cmd.secret)  # InvalidToken / InvitationExpired
    invitation = await ctx.invitations.get(invitation_id)
    if invitation is None or not invitation.by_email:
        raise NotFound("No such invitation.")
    return await _accept(invitation, cmd.user_id, ctx)


async def revoke(cmd: Revoke, ctx: InvitationsContext) -> Invitation:
    scope = (await load_scope(ctx, cmd.community_id, Actor(cmd.by))).require_manage("revoke invitations")
    invitation = await ctx.invitations.get(cmd.invitation_id)
    if invitation is None or invitation.community_id != cmd.community_id:
        raise NotFound(f"No invitation {cmd.invitation_id}.")
    revoked = invitation.revoke(by=scope.membership)
    await ctx.invitations.save(revoked)
    return revoked
