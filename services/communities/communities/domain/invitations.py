"""Invitations to a community: pure, no I/O.

A manager invites a registered member (`user_id`: only that user may accept or decline) or
an e-mail address (`email`: whoever holds the signed link accepts, once, and becomes the
member; the link survives sign-up). Accepting makes an active member in any access type.
An invitation lives until `expires_at`; accepted, declined, revoked or expired, it is spent.

The e-mail link carries a token: the invitation id and its expiry, signed with HMAC-SHA256
under the service's key. A tampered or unknown token is no invitation at all (404); an
expired one is refused as gone (410)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from contracts.events import InvitationIssued

from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"


class InvitationExpired(Exception):
    """The invitation (or its link) is past its expiry: HTTP 410 Gone."""


class InvalidToken(Exception):
    """Not a link this service signed (tampered, or signed with another key): HTTP 404."""


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Invitation:
    id: str
    community_id: str
    invited_by: str
    created_at: datetime
    expires_at: datetime
    user_id: str | None = None  # a registered member's invitation
    email: str | None = None  # an e-mail address's invitation (the link's)
    status: InvitationStatus = InvitationStatus.PENDING
    accepted_by: str | None = None
    decided_at: datetime | None = None
    version: int = 1

    @property
    def by_email(self) -> bool:
        return self.email is not None

    def expired(self, now: datetime | None = None) -> bool:
        return (now or _now()) >= _aware(self.expires_at)

    def is_live(self, now: datetime | None = None) -> bool:
        return self.status is InvitationStatus.PENDING and not self.expired(now)

    # -- the invitee's answer --------------------------------------------------------------
    def accept(self, community: Community, *, user_id: str, existing: Membership | None, membership_id: str,
               now: datetime | None = None):
        """-> (the spent invitation, the new membership, its MembershipChanged)."""
        self._require_answerable(user_id, now)
        membership, event = community.admit(user_id=user_id, existing=existing, membership_id=membership_id)
        spent = replace(self, status=InvitationStatus.ACCEPTED, accepted_by=user_id, decided_at=now or _now(),
                        version=self.version + 1)
        return spent, membership, event

    def decline(self, *, user_id: str, now: datetime | None = None) -> Invitation:
        self._require_answerable(user_id, now)
        return replace(self, status=InvitationStatus.DECLINED, decided_at=now or _now(), version=self.version + 1)

    def revoke(self, *, by: Membership | None, now: datetime | None = None) -> Invitation:
        _require_manager(by, "revoke invitations")
        if self.status is not InvitationStatus.PENDING:
            raise CommunityRuleViolation(f"The invitation is already {self.status.value}.")
        return replace(self, status=InvitationStatus.REVOKED, decided_at=now or _now(), version=self.version + 1)

    def _require_answerable(self, user_id: str, now: datetime | None) -> None:
        if not self.by_email and self.user_id != user_id:
            raise NotAllowed("Only the invited member can answer this invitation.")
        if self.status is not InvitationStatus.PENDING:
            raise CommunityRuleViolation(f"The invitation is already {self.status.value}.")
        if self.expired(now):
            raise InvitationExpired("The invitation has expired: ask the community's managers for a new one.")


def issue(community: Community, *, invitation_id: str, by: Membership | None, user_id: str | None = None,
          email: str | None = None, ttl: timedelta, invitee: Membership | None = None,
          now: datetime | None = None) -> tuple[Invitation, InvitationIssued]:
    """A manager invites a member (`user_id`) or an address (`email`), exactly one of them."""
    _require_manager(by, "invite")
    if (user_id is None) == (email is None):
        raise CommunityRuleViolation("Invite either a member (user_id) or an e-mail address (email).")
    if email is not None:
        email = email.strip().lower()
        if not EMAIL.match(email):
            raise CommunityRuleViolation("That is not an e-mail address.")
    if invitee is not None and invitee.is_active:
        raise CommunityRuleViolation("This user is already a member of the community.")
    at = now or _now()
    invitation = Invitation(id=invitation_id, community_id=community.id, invited_by=by.user_id if by else "",
                            created_at=at, expires_at=at + ttl, user_id=user_id, email=email)
    return invitation, InvitationIssued(
        invitation_id=invitation.id, community_id=community.id, community_name=community.name,
        community_visibility=community.visibility, invited_by=invitation.invited_by, user_id=user_id, email=email,
        expires_at=invitation.expires_at)


def _require_manager(membership: Membership | None, action: str) -> None:
    if membership is None or not membership.can_moderate:
        raise NotAllowed(f"Only the community's owner and moderators can {action}.")


# -- the signed link ---------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def sign_token(invitation: Invitation, secret: str) -> str:
    payload = _b64(f"{invitation.id}.{int(_aware(invitation.expires_at).timestamp())}".encode())
    return f"{payload}.{_mac(secret, payload)}"


def read_token(token: str, secret: str, *, now: datetime | None = None) -> str:
    """The invitation id a token names; InvalidToken if this service did not sign it,
    InvitationExpired once past the expiry it carries."""
    try:
        payload, mac = token.strip().split(".")
        if not hmac.compare_digest(mac, _mac(secret, payload)):
            raise InvalidToken("The invitation link is not valid.")
        invitation_id, expires = _unb64(payload).decode().rsplit(".", 1)
        expires_at = datetime.fromtimestamp(int(expires), UTC)
    except InvalidToken:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("The invitation link is not valid.") from exc
    if (now or _now()) >= expires_at:
        raise InvitationExpired("The invitation has expired: ask the community's managers for a new one.")
    return invitation_id


def accept_link(public_base_url: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/invitations/accept?token={token}"
