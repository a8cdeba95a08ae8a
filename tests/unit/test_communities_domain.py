"""The communities domain rules, without any I/O."""
from __future__ import annotations

import pytest
from communities.domain import discussion
from communities.domain.access import Actor, Scope
from communities.domain.model import (
    ERASED_USER,
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
    excerpt,
    name_key,
)
from contracts.events import (
    CommunityCreated,
    CommunityUpdated,
    CommunityVisibility,
    MembershipChanged,
    MembershipRole,
    MembershipStatus,
    PostPublished,
)
from servicekit.ids import new_id

PUBLIC, PRIVATE = CommunityVisibility.PUBLIC, CommunityVisibility.PRIVATE
ACTIVE, PENDING = MembershipStatus.ACTIVE, MembershipStatus.PENDING
OWNER, MODERATOR, MEMBER = MembershipRole.OWNER, MembershipRole.MODERATOR, MembershipRole.MEMBER


def create(visibility: CommunityVisibility = PUBLIC, **overrides) -> tuple[Community, Membership]:
    kwargs = {"community_id": new_id(), "membership_id": new_id(), "owner_id": "owner", "name": "  Space makers  ",
                  "description": "Small satellites", "visibility": visibility, "descriptors": ["s3:aerospace"]}
    kwargs.update(overrides)
    community, owner, _ = Community.create(**kwargs)
    return community, owner


def joined(community: Community, user_id: str) -> Membership:
    membership, _ = community.join(user_id=user_id, existing=None, membership_id=new_id())
    return membership


def active_member(community: Community, user_id: str, role: MembershipRole = MEMBER) -> Membership:
    return Membership(id=new_id(), community_id=community.id, user_id=user_id, role=role, status=ACTIVE,
                      since=community.created_at)


def test_creating_makes_the_creator_an_active_owner_and_says_so():
    community, owner, events = Community.create(
        community_id="c1", membership_id="m1", owner_id="u1", name=" Agrifood circle ", description="",
        visibility=PRIVATE, descriptors=["s3:agrifood", "s3:agrifood"])
    assert community.name == "Agrifood circle" and community.descriptors == ("s3:agrifood",)
    assert (owner.role, owner.status, owner.user_id) == (OWNER, ACTIVE, "u1")
    created, changed = events
    assert isinstance(created, CommunityCreated) and created.owner_id == "u1" and created.version == 1
    assert isinstance(changed, MembershipChanged)
    assert (changed.role, changed.status, changed.community_visibility) == (OWNER, ACTIVE, PRIVATE)


@pytest.mark.parametrize("overrides", [{"name": "ab"}, {"name": "x" * 121}, {"descriptors": []}])
def test_creation_checks_name_and_descriptors(overrides):
    with pytest.raises(CommunityRuleViolation):
        create(**overrides)


def test_names_compare_without_case_or_extra_spaces():
    assert name_key("  Space   Makers ") == name_key("space makers")


def test_public_community_takes_members_at_once():
    community, _ = create(PUBLIC)
    membership, event = community.join(user_id="u2", existing=None, membership_id="m2")
    assert (membership.role, membership.status) == (MEMBER, ACTIVE)
    assert (event.user_id, event.status, event.community_visibility) == ("u2", ACTIVE, PUBLIC)


def test_private_community_takes_requests():
    community, _ = create(PRIVATE)
    membership, event = community.join(user_id="u2", existing=None, membership_id="m2")
    assert membership.status is PENDING and event.status is PENDING
    assert event.community_visibility is PRIVATE


@pytest.mark.parametrize("visibility", [PUBLIC, PRIVATE])
def test_joining_twice_is_refused(visibility):
    community, owner = create(visibility)
    with pytest.raises(CommunityRuleViolation):
        community.join(user_id="owner", existing=owner, membership_id=new_id())
    request = joined(community, "u2")
    with pytest.raises(CommunityRuleViolation):
        community.join(user_id="u2", existing=request, membership_id=new_id())


def test_coming_back_after_leaving_reuses_the_record_as_a_plain_member():
    community, _owner = create(PUBLIC)
    moderator = active_member(community, "u2", MODERATOR)
    left, _ = community.leave(moderator, active_owners=1)
    back, event = community.join(user_id="u2", existing=left, membership_id="ignored")
    assert back.id == moderator.id and back.version == left.version + 1
    assert (back.role, back.status) == (MEMBER, ACTIVE) and event.status is ACTIVE


def test_private_content_only_to_active_members():
    public, _ = create(PUBLIC)
    private, owner = create(PRIVATE)

    def reads(community: Community, membership: Membership | None) -> bool:
        return Scope(actor=Actor("someone"), community=community, membership=membership).can_read()

    assert reads(public, None)
    assert reads(private, owner)
    assert not reads(private, None)
    assert not reads(private, joined(private, "u2"))  # a pending request sees nothing yet
    left, _ = private.leave(active_member(private, "u3"), active_owners=1)
    assert not reads(private, left)
    # ...but a private community is listed: it exists for everyone.
    assert Scope(actor=Actor("someone"), community=private).exists()


@pytest.mark.parametrize("role", [OWNER, MODERATOR])
def test_owner_and_moderators_approve_and_reject(role):
    community, _ = create(PRIVATE)
    approver = active_member(community, "approver", role)
    approved, event = community.approve(joined(community, "u2"), by=approver)
    assert approved.status is ACTIVE and event.status is ACTIVE and event.community_visibility is PRIVATE
    rejected, event = community.reject(joined(community, "u3"), by=approver)
    assert rejected.status is MembershipStatus.REMOVED and event.status is MembershipStatus.REMOVED


def test_plain_members_outsiders_and_inactive_moderators_cannot_approve():
    community, _ = create(PRIVATE)
    request = joined(community, "u2")
    pending_moderator = Membership(id=new_id(), community_id=community.id, user_id="m", role=MODERATOR,
                                   status=PENDING, since=community.created_at)
    for approver in (active_member(community, "plain"), None, pending_moderator):
        with pytest.raises(NotAllowed):
            community.approve(request, by=approver)
        with pytest.raises(NotAllowed):
            community.reject(request, by=approver)


def test_only_pending_requests_can_be_decided():
    community, owner = create(PRIVATE)
    member = active_member(community, "u2")
    with pytest.raises(CommunityRuleViolation):
        community.approve(member, by=owner)
    with pytest.raises(CommunityRuleViolation):
        community.reject(member, by=owner)


def test_the_last_owner_cannot_leave_but_others_can():
    community, owner = create(PUBLIC)
    with pytest.raises(CommunityRuleViolation):
        community.leave(owner, active_owners=1)
    left, event = community.leave(owner, active_owners=2)
    assert left.status is MembershipStatus.LEFT and event.role is OWNER
    member_left, _ = community.leave(active_member(community, "u2"), active_owners=1)
    assert member_left.status is MembershipStatus.LEFT


def test_a_request_can_be_withdrawn_but_not_twice():
    community, _ = create(PRIVATE)
    withdrawn, event = community.leave(joined(community, "u2"), active_owners=1)
    assert withdrawn.status is MembershipStatus.LEFT and event.status is MembershipStatus.LEFT
    with pytest.raises(CommunityRuleViolation):
        community.leave(withdrawn, active_owners=1)


def test_only_the_owner_assigns_roles():
    community, owner = create(PUBLIC)
    member = active_member(community, "u2")
    promoted, event = community.assign_role(member, MODERATOR, by=owner)
    assert promoted.role is MODERATOR and event.role is MODERATOR
    with pytest.raises(NotAllowed):
        community.assign_role(active_member(community, "u3"), MODERATOR, by=promoted)
    unchanged, no_event = community.assign_role(promoted, MODERATOR, by=owner)
    assert unchanged == promoted and no_event is None


@pytest.mark.parametrize("case", ["owner-target", "make-owner", "pending-target"])
def test_roles_have_limits(case):
    community, owner = create(PRIVATE)
    target, role = {
        "owner-target": (owner, MEMBER),
        "make-owner": (active_member(community, "u2"), OWNER),
        "pending-target": (joined(community, "u3"), MODERATOR),
    }[case]
    with pytest.raises(CommunityRuleViolation):
        community.assign_role(target, role, by=owner)


def test_only_owner_and_moderators_revise():
    community, owner = create(PUBLIC)
    revised, event = community.revise(by=owner, visibility=PRIVATE, name="Space makers Lombardy")
    assert isinstance(event, CommunityUpdated)
    assert (event.version, event.visibility, event.name) == (2, PRIVATE, "Space makers Lombardy")
    moderator = active_member(community, "u2", MODERATOR)
    assert revised.revise(by=moderator, description="New")[0].version == 3
    with pytest.raises(NotAllowed):
        community.revise(by=active_member(community, "u3"), description="Not mine")


def test_only_active_members_post():
    community, owner = create(PRIVATE)
    post, event = discussion.publish_post(community, post_id="p1", author=owner, title=" Launch ", body="x" * 1000)
    assert post.title == "Launch" and isinstance(event, PostPublished)
    assert event.community_visibility is PRIVATE and len(event.excerpt) == 280
    for author in (None, joined(community, "u2")):
        with pytest.raises(NotAllowed):
            discussion.publish_post(community, post_id="p2", author=author, title="Hi", body="there")


def test_excerpt_keeps_short_bodies_whole():
    assert excerpt("short") == "short"
    assert excerpt("word " * 100).endswith("…")


def test_erasure_removes_open_memberships_once():
    community, _ = create(PRIVATE)
    removed, event = community.remove(active_member(community, "u2"))
    assert removed.status is MembershipStatus.REMOVED and event.status is MembershipStatus.REMOVED
    again, none = community.remove(removed)
    assert again == removed and none is None


def test_hand_over_promotes_the_successor_or_leaves_no_owner():
    community, _ = create(PUBLIC)
    successor = active_member(community, "u2", MODERATOR)
    handed, promoted, events = community.hand_over(successor)
    assert handed.owner_id == "u2" and promoted.role is OWNER and handed.version == 2
    assert [type(e) for e in events] == [CommunityUpdated, MembershipChanged]
    orphaned, nobody, events = community.hand_over(None)
    assert orphaned.owner_id == ERASED_USER and nobody is None and len(events) == 1
