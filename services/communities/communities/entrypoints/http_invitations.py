"""HTTP routes of invitations: invitations to a community, for registered members and e-mail addresses. Thin: parse, authorise, call a handler, shape the answer.

Managers issue, list and revoke a community's invitations (an e-mail invitation's answer
carries its signed accept link, which only they see). The invited member accepts or
declines theirs; whoever holds an e-mail link previews it without signing in, then accepts
it signed in (once). An expired invitation or link answers 410 Gone; a tampered or unknown
link 404."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response, status
from servicekit.http.dependencies import Caller, Database, UoW, provided
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter

from communities.adapters.invitations import InvitationQueries
from communities.domain.invitations import (
    InvalidToken,
    Invitation,
    InvitationExpired,
    InvitationStatus,
    accept_link,
    read_token,
    sign_token,
)
from communities.entrypoints.access import ManagedScope, Queries
from communities.entrypoints.schemas import MembershipOut
from communities.entrypoints.schemas_invitations import (
    InvitationIn,
    InvitationOut,
    InvitationPreview,
    TokenIn,
)
from communities.service_layer import invitations as handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["invitations"])
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def invitation_queries(db: Database) -> InvitationQueries:
    return InvitationQueries(db)


Invitations = Annotated[InvitationQueries, Depends(invitation_queries)]


def _gone(exc: Exception) -> Problem:
    return Problem(str(exc), status=410, title="Gone")


def _not_found(detail: str = "No such invitation: the link is not valid.") -> Problem:
    return Problem(detail, status=404, title="Not Found")


def _link(inv: Invitation, settings: CommunitiesSettings) -> str | None:
    return accept_link(settings.public_base_url, sign_token(inv, settings.invitation_secret)) if inv.by_email else None


async def _run(unit, handler, command):
    try:
        return await unit.handle(handler, command)
    except InvitationExpired as exc:
        raise _gone(exc) from exc
    except InvalidToken as exc:
        raise _not_found() from exc


@router.post("/communities/{community_id}/invitations", status_code=status.HTTP_201_CREATED,
             response_model=InvitationOut,
             summary="Invite a registered member (user_id) or an e-mail address (email) (owner or moderator)")
async def invite(community_id: str, scope: ManagedScope, body: InvitationIn, unit: UoW, caller: Caller,
                 settings: Settings) -> InvitationOut:
    invitation, community = await unit.handle(handlers.invite, handlers.Invite(
        community_id=community_id, by=caller.user_id, ttl_days=settings.invitation_ttl_days,
        user_id=body.user_id, email=body.email))
    return InvitationOut.of(invitation, community, _link(invitation, settings))


@router.get("/communities/{community_id}/invitations", response_model=Page[InvitationOut],
            summary="The community's open invitations, newest first (owner or moderator)")
async def community_invitations(community_id: str, scope: ManagedScope, iq: Invitations, settings: Settings,
                                limit: Limit = 20, cursor: str | None = None) -> Page[InvitationOut]:
    rows = await iq.of_community(community_id, after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[InvitationOut.of(i, scope.community, _link(i, settings)) for i in rows[:limit]],
                next_cursor=next_cursor([i.id for i in rows], limit))


@router.delete("/communities/{community_id}/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Revoke an invitation (owner or moderator)")
async def revoke(community_id: str, invitation_id: str, scope: ManagedScope, caller: Caller, unit: UoW) -> Response:
    await unit.handle(handlers.revoke, handlers.Revoke(community_id=community_id, invitation_id=invitation_id,
                                                       by=caller.user_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/invitations/mine", response_model=list[InvitationOut], summary="My live invitations")
async def mine(caller: Caller, q: Queries, iq: Invitations) -> list[InvitationOut]:
    out = []
    for invitation in await iq.mine(caller.user_id):
        community = await q.community(invitation.community_id)
        if community is not None:
            out.append(InvitationOut.of(invitation, community))
    return out


@router.get("/invitations/preview", response_model=InvitationPreview,
            summary="What an e-mail invitation's link invites to (no sign-in needed; 410 once expired or used)")
async def preview(token: Annotated[str, Query(min_length=10, max_length=512)], q: Queries, iq: Invitations,
                  settings: Settings) -> InvitationPreview:
    try:
        invitation_id = read_token(token, settings.invitation_secret)
    except InvitationExpired as exc:
        raise _gone(exc) from exc
    except InvalidToken as exc:
        raise _not_found() from exc
    invitation = await iq.get(invitation_id)
    community = await q.community(invitation.community_id) if invitation and invitation.by_email else None
    if invitation is None or community is None:
        raise _not_found()
    if invitation.status is not InvitationStatus.PENDING:
        raise Problem(f"The invitation was {invitation.status.value}: it cannot be used again.", status=410,
                      title="Gone")
    if invitation.expired():
        raise _gone(InvitationExpired("The invitation has expired: ask the community's managers for a new one."))
    return InvitationPreview(community_id=community.id, community_name=community.name,
                             community_description=community.description,
                             community_visibility=community.visibility, invited_by=invitation.invited_by,
                             expires_at=invitation.expires_at)


@router.post("/invitations/accept", response_model=MembershipOut,
             summary="Accept an e-mail invitation by its link's token: the caller becomes an active member (once)")
async def accept_by_link(caller: Caller, body: TokenIn, unit: UoW, settings: Settings) -> MembershipOut:
    _, membership = await _run(unit, handlers.accept_link, handlers.AcceptLink(
        token=body.token, user_id=caller.user_id, secret=settings.invitation_secret))
    return MembershipOut.of(membership)


@router.post("/invitations/{invitation_id}/accept", response_model=MembershipOut,
             summary="Accept my invitation: I become an active member")
async def accept(invitation_id: str, caller: Caller, unit: UoW) -> MembershipOut:
    _, membership = await _run(unit, handlers.accept, handlers.Answer(invitation_id=invitation_id,
                                                                      user_id=caller.user_id))
    return MembershipOut.of(membership)


@router.post("/invitations/{invitation_id}/decline", response_model=InvitationOut, summary="Decline my invitation")
async def decline(invitation_id: str, caller: Caller, unit: UoW, q: Queries) -> InvitationOut:
    invitation = await _run(unit, handlers.decline, handlers.Answer(invitation_id=invitation_id,
                                                                   user_id=caller.user_id))
    return InvitationOut.of(invitation, await q.community(invitation.community_id))
