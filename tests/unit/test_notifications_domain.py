"""The notifications domain: who hears about what, pure and without I/O."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.events import MembershipRole, MembershipStatus
from contracts.taxonomy import load_taxonomy
from notifications.domain.model import (
    MAX_BODY, Membership, NotificationKind, Preferences, Profile, ProposalAudience, SubjectType, community_post,
    interest_answered, interest_received, interest_recipient, join_answered, join_request_news,
    join_request_recipients, join_requested, post_recipients, proposal_matched,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def profile(user_id: str, *interests: str, version: int = 1, **prefs: bool) -> Profile:
    return Profile(user_id=user_id, version=version, interests=interests, preferences=Preferences(**prefs))


def audience(*descriptors: str, owner: str | None = "owner") -> ProposalAudience:
    return ProposalAudience.of(descriptors, owner, load_taxonomy())


# -- proposal matching -------------------------------------------------------------------------
def test_an_interest_in_an_area_matches_a_proposal_tagged_with_one_of_its_challenges():
    tagged_with_challenge = audience("s3c:aerospace-03")
    assert tagged_with_challenge.admits(profile("ada", "s3:aerospace"))
    assert tagged_with_challenge.admits(profile("bob", "s3c:aerospace-03"))


def test_the_hierarchy_only_goes_up():
    # A proposal about the whole area is not about one specific challenge.
    assert not audience("s3:aerospace").admits(profile("ada", "s3c:aerospace-03"))


def test_unrelated_and_empty_interests_do_not_match():
    tagged = audience("s3c:aerospace-03", "nace:28")
    assert not tagged.admits(profile("ada", "s3:agrifood"))
    assert not tagged.admits(profile("bob"))
    assert tagged.admits(profile("cy", "s3:agrifood", "nace:C"))  # any one shared code is enough


def test_the_owner_never_hears_of_their_own_proposal():
    assert not audience("s3:aerospace", owner="ada").admits(profile("ada", "s3:aerospace"))
    assert audience("s3:aerospace", owner=None).admits(profile("ada", "s3:aerospace"))  # EEN-sourced


def test_opting_out_of_proposals_is_respected():
    assert not audience("s3:aerospace").admits(profile("ada", "s3:aerospace", proposals=False))
    # The other switches do not silence proposals.
    assert audience("s3:aerospace").admits(profile("ada", "s3:aerospace", interests=False, communities=False))


def test_erased_members_are_never_notified():
    tomb = Profile.tombstone("ada")
    assert not audience("s3:aerospace").admits(tomb)
    assert interest_recipient("ada", tomb) is None


def test_audience_terms_are_the_descriptors_and_their_ancestors():
    assert audience("s3c:aerospace-03", "nace:28").terms == {"s3c:aerospace-03", "s3:aerospace", "nace:28", "nace:C"}


# -- read models -------------------------------------------------------------------------------
def test_only_a_newer_profile_version_replaces_the_stored_one():
    stored = profile("ada", "s3:aerospace", version=2)
    assert not profile("ada", "s3:agrifood", version=1).supersedes(stored)
    assert not profile("ada", "s3:agrifood", version=2).supersedes(stored)
    assert profile("ada", "s3:agrifood", version=3).supersedes(stored)
    assert profile("ada", version=1).supersedes(None)


def test_an_erased_member_stays_erased():
    assert not profile("ada", version=99).supersedes(Profile.tombstone("ada"))


def test_a_stale_membership_change_does_not_replace_a_newer_one():
    left = Membership("c1", "ada", MembershipStatus.LEFT, NOW)
    assert not Membership("c1", "ada", MembershipStatus.ACTIVE, NOW - timedelta(seconds=1)).supersedes(left)
    assert Membership("c1", "ada", MembershipStatus.ACTIVE, NOW + timedelta(seconds=1)).supersedes(left)


# -- interests ---------------------------------------------------------------------------------
def test_interest_notifications_reach_the_one_recipient_unless_opted_out():
    assert interest_recipient("owner", profile("owner")) == "owner"
    assert interest_recipient("owner", None) == "owner"  # no profile seen yet: default preferences
    assert interest_recipient("owner", profile("owner", interests=False)) is None
    assert interest_recipient(None, None) is None  # EEN-sourced proposal: no local owner


def test_interest_messages_say_what_happened():
    received = interest_received("i1", "Drones", "We build them.")
    accepted = interest_answered("i1", "Drones", accepted=True, reason=None)
    declined = interest_answered("i1", "Drones", accepted=False, reason="Not now")
    assert (received.kind, accepted.kind, declined.kind) == (
        NotificationKind.INTEREST_RECEIVED, NotificationKind.INTEREST_ACCEPTED, NotificationKind.INTEREST_DECLINED)
    assert received.body == "We build them." and declined.body == "Not now"
    assert "Drones" in accepted.title


def test_an_een_partner_interest_names_the_organisation_and_country():
    received = interest_received("i1", "Drones", "We build them.", sender_organisation="Acme GmbH",
                                 sender_country="DE")
    assert received.title == ("Acme GmbH (DE), through the Enterprise Europe Network, "
                              "is interested in your proposal “Drones”")
    assert received.body == "We build them." and received.kind is NotificationKind.INTEREST_RECEIVED
    assert interest_received("i1", "Drones", "x").title == "Someone is interested in your proposal “Drones”"


def test_an_een_partner_is_no_member_to_tell_of_the_answer():
    assert interest_recipient("een:pod-42", None) is None
    assert interest_recipient("een:pod-42", profile("een:pod-42")) is None


# -- community posts ---------------------------------------------------------------------------
def members(*rows: tuple[str, MembershipStatus], community: str = "c1") -> list[Membership]:
    return [Membership(community, user, status, NOW) for user, status in rows]


def test_posts_reach_active_members_except_the_author():
    rows = members(("author", MembershipStatus.ACTIVE), ("ada", MembershipStatus.ACTIVE),
                   ("bob", MembershipStatus.PENDING), ("cy", MembershipStatus.LEFT),
                   ("dee", MembershipStatus.REMOVED))
    assert post_recipients("c1", "author", rows, {}) == ["ada"]


def test_posts_never_leave_their_community():
    # Even if a caller handed over another community's members, they are not told.
    rows = members(("ada", MembershipStatus.ACTIVE), community="c2")
    assert post_recipients("c1", "author", rows, {}) == []


def test_posts_respect_the_communities_switch():
    rows = members(("ada", MembershipStatus.ACTIVE), ("bob", MembershipStatus.ACTIVE))
    profiles = {"ada": profile("ada", communities=False), "bob": profile("bob", proposals=False)}
    assert post_recipients("c1", "author", rows, profiles) == ["bob"]


# -- requests to join a private community ------------------------------------------------------
def change(status: MembershipStatus, minutes: int = 0, role: MembershipRole = MembershipRole.MEMBER) -> Membership:
    return Membership("c1", "carla", status, NOW + timedelta(minutes=minutes), role)


def test_a_request_to_join_and_its_answer_are_news_once():
    pending, active = MembershipStatus.PENDING, MembershipStatus.ACTIVE
    assert join_request_news(None, change(pending)) is NotificationKind.JOIN_REQUESTED
    assert join_request_news(change(MembershipStatus.LEFT), change(pending, 1)) is NotificationKind.JOIN_REQUESTED
    assert join_request_news(change(pending), change(pending)) is None  # the same change seen again
    assert join_request_news(change(pending), change(active, 1)) is NotificationKind.JOIN_APPROVED
    assert join_request_news(change(pending), change(MembershipStatus.REMOVED, 1)) is NotificationKind.JOIN_DECLINED
    assert join_request_news(change(active, 1), change(active, 1)) is None  # the approval seen again
    assert join_request_news(change(pending), change(MembershipStatus.LEFT, 1)) is None  # withdrawn
    assert join_request_news(None, change(active)) is None  # a public community: joined at once
    assert join_request_news(change(active), change(active, 1, MembershipRole.MODERATOR)) is None


def test_requests_to_join_reach_active_owners_and_moderators_who_want_them():
    rows = [Membership("c1", "owner", MembershipStatus.ACTIVE, NOW, MembershipRole.OWNER),
            Membership("c1", "mod", MembershipStatus.ACTIVE, NOW, MembershipRole.MODERATOR),
            Membership("c1", "quiet-mod", MembershipStatus.ACTIVE, NOW, MembershipRole.MODERATOR),
            Membership("c1", "former-mod", MembershipStatus.LEFT, NOW, MembershipRole.MODERATOR),
            Membership("c1", "member", MembershipStatus.ACTIVE, NOW)]
    assert join_request_recipients(rows, {"quiet-mod": profile("quiet-mod", communities=False)}) == ["owner", "mod"]


def test_join_messages_say_who_and_where_but_keep_a_private_name_from_the_declined():
    asked = join_requested("c1", "Space robotics", "carla", "Carla Verdi", NOW)
    assert asked.title == "Carla Verdi asked to join “Space robotics”"
    assert asked.notification_id("bob") == f"community.join_requested:c1:carla.{int(NOW.timestamp() * 1000)}:bob"
    # Asking again later (after withdrawing) is a new request; another requester is another one.
    assert join_requested("c1", "Space robotics", "carla", "", NOW + timedelta(days=1)).notification_id("bob") \
        != asked.notification_id("bob") != join_requested("c1", None, "dan", "", NOW).notification_id("bob")
    assert join_requested("c1", None, "carla", "", NOW).title == "Someone asked to join your community"
    notification, _ = asked.deliver(to="bob", seq="s", source_event_id="e", now=NOW)
    assert notification.subject_type is SubjectType.COMMUNITY and notification.subject_id == "c1"
    assert "Space robotics" in join_answered("c1", "Space robotics", True, NOW).title
    declined = join_answered("c1", "Space robotics", False, NOW)
    assert declined.kind is NotificationKind.JOIN_DECLINED and "Space robotics" not in declined.title + declined.body


# -- notifications -----------------------------------------------------------------------------
def test_notification_ids_are_deterministic_per_subject_and_recipient():
    message = proposal_matched("p1", "Drones", "Summary")
    first, event = message.deliver(to="ada", seq="s1", source_event_id="e1", now=NOW)
    again, _ = proposal_matched("p1", "Drones", "Summary").deliver(to="ada", seq="s2", source_event_id="e2", now=NOW)
    assert first.id == again.id == "proposal.matched:p1:ada"
    assert message.notification_id("bob") != first.id
    assert first.subject_type is SubjectType.PROPOSAL and first.read_at is None
    assert (event.notification_id, event.user_id, event.kind, event.title) == (
        first.id, "ada", "proposal.matched", first.title)


def test_marking_read_keeps_the_first_time():
    notification, _ = community_post("post1", "Hello", "x" * 2000).deliver(to="ada", seq="s", source_event_id="e",
                                                                           now=NOW)
    assert len(notification.body) == MAX_BODY and notification.subject_type is SubjectType.POST
    read = notification.mark_read(NOW + timedelta(minutes=1))
    assert read.read_at == NOW + timedelta(minutes=1)
    assert read.mark_read(NOW + timedelta(hours=1)) is read
