"""Access types, sub-communities, validation and invitations: the domain rules, without I/O."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from communities.domain import invitations
from communities.domain.access import Actor, Scope
from communities.domain.invitations import (
    InvalidToken,
    InvitationExpired,
    InvitationStatus,
)
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
    no_wider_than,
)
from contracts.events import (
    CommunityReviewed,
    CommunityStatus,
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
)
from servicekit.ids import new_id

OPEN, PRIVATE, CLOSED = CommunityVisibility.PUBLIC, CommunityVisibility.PRIVATE, CommunityVisibility.CLOSED
SECRET = "test-invitation-key"


def create(visibility=OPEN, **extra) -> tuple[Community, Membership]:
    community, owner, _ = Community.create(community_id=new_id(), membership_id=new_id(), owner_id="owner",
                                           name=f"Circle {new_id()[-8:]}", description="", visibility=visibility,
                                           descriptors=["s3:aerospace"], **extra)
    return community, owner


def member(community: Community, user: str, role=MembershipRole.MEMBER) -> Membership:
    return Membership(id=new_id(), community_id=community.id, user_id=user, role=role,
                      status=MembershipStatus.ACTIVE, since=community.created_at)


# -- the three access types ---------------------------------------------------------------------
def test_open_joins_at_once_private_asks_closed_refuses():
    assert create(OPEN)[0].join(user_id="u", existing=None, membership_id="m")[0].status is MembershipStatus.ACTIVE
    assert create(PRIVATE)[0].join(user_id="u", existing=None, membership_id="m")[0].status is MembershipStatus.PENDING
    with pytest.raises(CommunityRuleViolation, match="invitation"):
        create(CLOSED)[0].join(user_id="u", existing=None, membership_id="m")


@pytest.mark.parametrize("visibility,exists,reads", [(OPEN, True, True), (PRIVATE, True, False),
                                                     (CLOSED, False, False)])
def test_what_a_non_member_sees_of_each_access_type(visibility, exists, reads):
    community, _ = create(visibility)
    scope = Scope(actor=Actor("stranger"), community=community)
    assert (scope.exists(), scope.can_read(), scope.can_participate()) == (exists, reads, False)
    operator = Scope(actor=Actor("op", operator=True), community=community)
    assert operator.exists() is exists and operator.can_read() is reads  # operators are no members


def test_an_invitee_sees_a_closed_community_but_not_its_content():
    community, _ = create(CLOSED)
    invited = Scope(actor=Actor("guest"), community=community, invited=True)
    assert invited.exists() and not invited.can_read()


def test_a_community_awaiting_validation_exists_for_its_owner_and_operators_only():
    community, owner = create(OPEN, needs_validation=True)
    assert community.status is CommunityStatus.PENDING_VALIDATION
    assert Scope(actor=Actor("owner"), community=community, membership=owner).exists()
    assert Scope(actor=Actor("op", operator=True), community=community).exists()
    assert not Scope(actor=Actor("stranger"), community=community).exists()


def test_review_approves_or_refuses_with_a_reason_once():
    community, _ = create(OPEN, needs_validation=True)
    with pytest.raises(CommunityRuleViolation, match="why"):
        community.review(approved=False, reason="  ")
    refused, event = community.review(approved=False, reason="Duplicate of another community")
    assert refused.status is CommunityStatus.REJECTED and refused.review_reason == "Duplicate of another community"
    assert isinstance(event, CommunityReviewed) and event.reason == refused.review_reason
    approved, event = community.review(approved=True, reason=None)
    assert approved.status is CommunityStatus.ACTIVE and event.status is CommunityStatus.ACTIVE
    with pytest.raises(CommunityRuleViolation):
        approved.review(approved=True, reason=None)


# -- sub-communities -----------------------------------------------------------------------------
@pytest.mark.parametrize("child,parent,ok", [
    (OPEN, OPEN, True), (PRIVATE, OPEN, True), (CLOSED, OPEN, True), (OPEN, PRIVATE, False),
    (PRIVATE, PRIVATE, True), (CLOSED, PRIVATE, True), (OPEN, CLOSED, False), (PRIVATE, CLOSED, False),
    (CLOSED, CLOSED, True)])
def test_a_sub_community_is_never_wider_than_its_parent(child, parent, ok):
    assert no_wider_than(child, parent) is ok
    parent_community, owner = create(parent)
    if ok:
        sub, _ = create(child, parent=parent_community, parent_membership=owner)
        assert sub.parent_id == parent_community.id
    else:
        with pytest.raises(CommunityRuleViolation, match="wider"):
            create(child, parent=parent_community, parent_membership=owner)


def test_only_a_manager_of_the_parent_makes_a_sub_community():
    parent, _ = create(OPEN)
    for who in (None, member(parent, "plain"), member(parent, "writer", MembershipRole.AUTHOR)):
        with pytest.raises(NotAllowed):
            create(OPEN, parent=parent, parent_membership=who)
    assert create(OPEN, parent=parent, parent_membership=member(parent, "mod", MembershipRole.MODERATOR))[0]


def test_narrowing_a_parent_below_a_child_is_refused_and_a_child_cannot_widen():
    parent, owner = create(OPEN)
    child, child_owner = create(PRIVATE, parent=parent, parent_membership=owner)
    with pytest.raises(CommunityRuleViolation, match="Narrow these sub-communities first"):
        parent.revise(by=owner, visibility=CLOSED, children=(child,))
    assert parent.revise(by=owner, visibility=PRIVATE, children=(child,))[0].visibility is PRIVATE
    narrowed, _ = parent.revise(by=owner, visibility=PRIVATE, children=(child,))
    with pytest.raises(CommunityRuleViolation, match="wider than its parent"):
        child.revise(by=child_owner, visibility=OPEN, parent=narrowed)


def test_manager_settings_and_the_author_role():
    community, owner = create(OPEN)
    revised, _ = community.revise(by=owner, members_listed=False, news_requires_validation=True)
    assert (revised.members_listed, revised.news_requires_validation) == (False, True)
    writer, event = community.assign_role(member(community, "w"), MembershipRole.AUTHOR, by=owner)
    assert writer.role is MembershipRole.AUTHOR and event.role is MembershipRole.AUTHOR


# -- invitations ---------------------------------------------------------------------------------
def issue(community: Community, owner: Membership, **who) -> invitations.Invitation:
    invitation, _ = invitations.issue(community, invitation_id=new_id(), by=owner, ttl=timedelta(days=14), **who)
    return invitation


def test_only_managers_invite_exactly_one_member_or_address():
    community, owner = create(CLOSED)
    invitation, event = invitations.issue(community, invitation_id="i1", by=owner, email=" Ada@Example.ORG ",
                                          ttl=timedelta(days=14))
    assert invitation.email == "ada@example.org" and event.email == invitation.email
    assert event.community_name == community.name and event.expires_at == invitation.expires_at
    with pytest.raises(NotAllowed):
        invitations.issue(community, invitation_id="i2", by=member(community, "m"), user_id="u",
                          ttl=timedelta(days=1))
    for who in ({}, {"user_id": "u", "email": "a@b.org"}, {"email": "not an address"}):
        with pytest.raises(CommunityRuleViolation):
            invitations.issue(community, invitation_id="i3", by=owner, ttl=timedelta(days=1), **who)
    with pytest.raises(CommunityRuleViolation, match="already a member"):
        invitations.issue(community, invitation_id="i4", by=owner, user_id="m", ttl=timedelta(days=1),
                          invitee=member(community, "m"))


@pytest.mark.parametrize("visibility", [OPEN, PRIVATE, CLOSED])
def test_accepting_makes_an_active_member_in_any_access_type_once(visibility):
    community, owner = create(visibility)
    invitation = issue(community, owner, user_id="guest")
    spent, membership, event = invitation.accept(community, user_id="guest", existing=None, membership_id="m")
    assert membership.status is MembershipStatus.ACTIVE and membership.role is MembershipRole.MEMBER
    assert spent.status is InvitationStatus.ACCEPTED and event.status is MembershipStatus.ACTIVE
    with pytest.raises(CommunityRuleViolation, match="already accepted"):
        spent.accept(community, user_id="guest", existing=None, membership_id="m2")


def test_a_pending_request_becomes_membership_when_invited():
    community, owner = create(PRIVATE)
    request, _ = community.join(user_id="guest", existing=None, membership_id="m")
    _, membership, _ = issue(community, owner, user_id="guest").accept(community, user_id="guest", existing=request,
                                                                       membership_id="x")
    assert membership.id == request.id and membership.is_active


def test_only_the_invitee_answers_a_member_invitation_but_anyone_holding_the_link_an_e_mail_one():
    community, owner = create(CLOSED)
    with pytest.raises(NotAllowed):
        issue(community, owner, user_id="guest").accept(community, user_id="other", existing=None, membership_id="m")
    with pytest.raises(NotAllowed):
        issue(community, owner, user_id="guest").decline(user_id="other")
    _, membership, _ = issue(community, owner, email="a@b.org").accept(community, user_id="new-user", existing=None,
                                                                        membership_id="m")
    assert membership.user_id == "new-user"


def test_expired_invitations_are_refused_and_revoked_ones_spent():
    community, owner = create(CLOSED)
    invitation = issue(community, owner, user_id="guest")
    later = datetime.now(UTC) + timedelta(days=15)
    assert invitation.is_live() and not invitation.is_live(later)
    with pytest.raises(InvitationExpired):
        invitation.accept(community, user_id="guest", existing=None, membership_id="m", now=later)
    revoked = invitation.revoke(by=owner)
    with pytest.raises(CommunityRuleViolation, match="revoked"):
        revoked.accept(community, user_id="guest", existing=None, membership_id="m")
    with pytest.raises(NotAllowed):
        invitation.revoke(by=member(community, "plain"))


def test_the_link_token_is_signed_and_expires():
    community, owner = create(CLOSED)
    invitation = issue(community, owner, email="a@b.org")
    token = invitations.sign_token(invitation, SECRET)
    assert invitations.read_token(token, SECRET) == invitation.id
    link = invitations.accept_link("https://example.org/", token)
    assert link == f"https://example.org/invitations/accept?token={token}"
    with pytest.raises(InvitationExpired):
        invitations.read_token(token, SECRET, now=datetime.now(UTC) + timedelta(days=15))


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # the signature
    lambda t: "X" + t[1:],  # the payload
    lambda t: t.replace(".", ""),  # no signature at all
    lambda t: "",
    lambda t: "not-a-token.at-all",
])
def test_a_tampered_token_is_no_invitation(tamper):
    community, owner = create(CLOSED)
    token = invitations.sign_token(issue(community, owner, email="a@b.org"), SECRET)
    with pytest.raises(InvalidToken):
        invitations.read_token(tamper(token), SECRET)


def test_a_token_signed_with_another_key_is_no_invitation():
    community, owner = create(CLOSED)
    token = invitations.sign_token(issue(community, owner, email="a@b.org"), "another-key")
    with pytest.raises(InvalidToken):
        invitations.read_token(token, SECRET)
