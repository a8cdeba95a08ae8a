"""Moderation rules, pure: who reports what, the hiding threshold counted in distinct
reporters, and the managers' decisions (restore, hide, remove) with the events they cause."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from communities.domain import reports as domain
from communities.domain.access import Actor, Scope
from communities.domain.model import Community, CommunityRuleViolation, Membership
from communities.domain.moderation import Moderation, ModerationState
from communities.domain.reports import (
    Decision,
    ReportCategory,
    ReportedContent,
    ReportStatus,
)
from contracts.events import (
    CommunityVisibility,
    ContentKind,
    ContentModerated,
    ContentReported,
    MembershipRole,
    MembershipStatus,
    ModerationAction,
)
from servicekit.exceptions import Forbidden, NotFound

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def community(visibility=CommunityVisibility.PUBLIC) -> Community:
    return Community(id="c1", name="Space makers", description="", visibility=visibility, descriptors=(),
                     owner_id="owner", created_at=NOW, updated_at=NOW)


def scope_of(user: str, role: MembershipRole | None = MembershipRole.MEMBER,
             visibility=CommunityVisibility.PUBLIC) -> Scope:
    membership = None if role is None else Membership(id=f"m-{user}", community_id="c1", user_id=user, role=role,
                                                      status=MembershipStatus.ACTIVE, since=NOW)
    return Scope(actor=Actor(user), community=community(visibility), membership=membership)


MANAGER = scope_of("mod", MembershipRole.MODERATOR)
TOPIC = ReportedContent(kind=ContentKind.POST, id="p1", community_id="c1", author_id="writer", title="Hello",
                        text="Some **text**")


def report(content: ReportedContent = TOPIC, user: str = "m1", *, open_reporters: set[str] | None = None,
           already: bool = False, threshold: int = 3, scope: Scope | None = None, **overrides):
    fields = {"category": ReportCategory.SPAM, "text": "Adverts again"}
    fields.update(overrides)
    return domain.report(scope or scope_of(user), content, report_id=f"r-{user}", open_reporters=open_reporters or set(),
                         already_reported=already, threshold=threshold, now=NOW, **fields)


def test_a_member_reports_and_the_managers_hear_of_it():
    r, hidden, [event] = report()
    assert hidden is None
    assert (r.reporter_id, r.content_kind, r.content_id, r.status, r.category) == (
        "m1", ContentKind.POST, "p1", ReportStatus.OPEN, ReportCategory.SPAM)
    assert isinstance(event, ContentReported) and event.distinct_reporters == 1 and event.community_id == "c1"
    assert event.reason == "spam: Adverts again" and event.content_title == "Hello"


def test_the_threshold_counts_distinct_reporters_and_hides_pending_review():
    _, hidden, events = report(user="m2", open_reporters={"m1"})
    assert hidden is None and events[0].distinct_reporters == 2
    _, hidden, events = report(user="m3", open_reporters={"m1", "m2"})
    assert hidden is not None and hidden.state is ModerationState.HIDDEN_PENDING_REVIEW and hidden.by is None
    reported, moderated = events
    assert reported.distinct_reporters == 3
    assert isinstance(moderated, ContentModerated) and moderated.action is ModerationAction.HIDDEN_PENDING_REVIEW
    assert moderated.moderator_id is None and moderated.author_id == "writer"


def test_a_threshold_of_one_hides_at_the_first_report():
    _, hidden, _ = report(threshold=1)
    assert hidden is not None


def test_one_report_per_member_and_item():
    with pytest.raises(CommunityRuleViolation):
        report(user="m1", open_reporters={"m1", "m2"})
    with pytest.raises(CommunityRuleViolation):  # even after the first was decided
        report(user="m1", already=True)


def test_nobody_reports_their_own_content():
    with pytest.raises(CommunityRuleViolation):
        report(user="writer")


@pytest.mark.parametrize("state, user, error", [
    (ModerationState.HIDDEN_PENDING_REVIEW, "m1", NotFound),  # a reader no longer sees it
    (ModerationState.HIDDEN, "m1", NotFound),
    (ModerationState.REMOVED, "m1", CommunityRuleViolation),  # its trace is seen; nothing left to report
    (ModerationState.HIDDEN, "mod", CommunityRuleViolation),  # a manager sees it: already hidden
])
def test_content_already_off_the_lists_cannot_be_reported(state, user, error):
    content = replace(TOPIC, moderation=Moderation(state=state))
    scope = MANAGER if user == "mod" else None
    with pytest.raises(error):
        report(content, user, scope=scope)


def test_content_readers_cannot_see_is_not_found():
    with pytest.raises(NotFound):
        report(replace(TOPIC, available=False))  # deleted by its author / news not live
    with pytest.raises(NotFound):
        report(replace(TOPIC, community_id="elsewhere"))


def test_only_those_who_take_part_report():
    with pytest.raises(Forbidden):  # an open community's reader who is not a member
        report(scope=scope_of("stranger", None))
    with pytest.raises(NotFound):  # a closed community does not exist for outsiders
        report(scope=scope_of("stranger", None, CommunityVisibility.CLOSED))


def test_platform_news_is_reported_by_anyone_signed_in():
    news = ReportedContent(kind=ContentKind.NEWS, id="n1", community_id=None, author_id="op", title="Calls")
    r, _, [event] = report(news, scope=Scope(actor=Actor("anyone")))
    assert r.community_id is None and event.community_id is None and event.subject() == "platform"


def test_other_needs_words_and_reports_have_a_limit():
    with pytest.raises(CommunityRuleViolation):
        report(category=ReportCategory.OTHER, text="  ")
    with pytest.raises(CommunityRuleViolation):
        report(text="x" * (domain.TEXT_MAX + 1))
    r, _, _ = report(category=ReportCategory.OFFENSIVE, text="")
    assert r.reason == "offensive"


# -- decisions ---------------------------------------------------------------------------------
def open_reports(n: int = 3):
    return [report(user=f"m{i}")[0] for i in range(n)]


PENDING = replace(TOPIC, moderation=Moderation(state=ModerationState.HIDDEN_PENDING_REVIEW, at=NOW))


def test_a_manager_restores_hidden_content_and_closes_its_reports():
    moderation, closed, [event] = domain.decide(MANAGER, PENDING, Decision.RESTORE, open_reports=open_reports(),
                                                now=NOW)
    assert moderation.state is ModerationState.VISIBLE and moderation.by == "mod"
    assert [r.status for r in closed] == [ReportStatus.CLOSED] * 3
    assert {r.outcome for r in closed} == {ModerationAction.RESTORED} and {r.closed_by for r in closed} == {"mod"}
    assert event.action is ModerationAction.RESTORED and event.moderator_id == "mod" and event.author_id == "writer"


@pytest.mark.parametrize("decision, state, action", [
    (Decision.HIDE, ModerationState.HIDDEN, ModerationAction.HIDDEN),
    (Decision.REMOVE, ModerationState.REMOVED, ModerationAction.REMOVED)])
def test_hiding_and_removing_need_a_reason_that_the_author_is_told(decision, state, action):
    with pytest.raises(CommunityRuleViolation):
        domain.decide(MANAGER, PENDING, decision, reason=" ", open_reports=[])
    moderation, closed, [event] = domain.decide(MANAGER, PENDING, decision, reason="Advertising.",
                                                open_reports=open_reports(2), now=NOW)
    assert (moderation.state, moderation.reason, moderation.by, moderation.at) == (state, "Advertising.", "mod", NOW)
    assert {r.outcome for r in closed} == {action}
    assert (event.action, event.reason) == (action, "Advertising.")


def test_managers_may_act_on_content_nobody_reported():
    moderation, closed, [event] = domain.decide(MANAGER, TOPIC, Decision.REMOVE, reason="Personal data.",
                                                open_reports=[])
    assert moderation.state is ModerationState.REMOVED and closed == [] and event.action is ModerationAction.REMOVED


def test_restoring_visible_content_dismisses_its_reports_without_telling_anyone():
    moderation, closed, events = domain.decide(MANAGER, TOPIC, Decision.RESTORE, open_reports=open_reports(2))
    assert moderation is None and len(closed) == 2 and events == []
    with pytest.raises(CommunityRuleViolation):  # nothing to restore, nothing to dismiss
        domain.decide(MANAGER, TOPIC, Decision.RESTORE, open_reports=[])


def test_the_same_decision_twice_is_a_conflict_and_removed_content_can_be_restored():
    hidden = replace(TOPIC, moderation=Moderation(state=ModerationState.HIDDEN, reason="x", by="mod"))
    with pytest.raises(CommunityRuleViolation):
        domain.decide(MANAGER, hidden, Decision.HIDE, reason="again", open_reports=[])
    removed = replace(TOPIC, moderation=Moderation(state=ModerationState.REMOVED, reason="x", by="mod"))
    with pytest.raises(CommunityRuleViolation):
        domain.decide(MANAGER, removed, Decision.REMOVE, reason="again", open_reports=[])
    moderation, _, [event] = domain.decide(MANAGER, removed, Decision.RESTORE, open_reports=[])
    assert moderation.visible and event.action is ModerationAction.RESTORED


@pytest.mark.parametrize("user, role", [("m1", MembershipRole.MEMBER), ("a1", MembershipRole.AUTHOR)])
def test_only_managers_decide(user, role):
    with pytest.raises(Forbidden):
        domain.decide(scope_of(user, role), PENDING, Decision.RESTORE, open_reports=[])


def test_operators_moderate_platform_news_and_nobody_else():
    news = ReportedContent(kind=ContentKind.NEWS, id="n1", community_id=None, author_id="desk", title="Calls")
    moderation, _, [event] = domain.decide(Scope(actor=Actor("op", operator=True)), news, Decision.HIDE,
                                           reason="Wrong figures.", open_reports=[])
    assert moderation.state is ModerationState.HIDDEN and event.community_id is None
    with pytest.raises(Forbidden):
        domain.decide(Scope(actor=Actor("someone")), news, Decision.HIDE, reason="x", open_reports=[])
    with pytest.raises(NotFound):  # a community's manager cannot reach platform news through their community
        domain.decide(MANAGER, news, Decision.HIDE, reason="x", open_reports=[])


def test_dismissing_the_reports_of_gone_content_is_for_managers():
    closed = domain.dismiss(MANAGER, open_reports(2))
    assert {r.outcome for r in closed} == {ModerationAction.RESTORED}
    with pytest.raises(Forbidden):
        domain.dismiss(scope_of("m1"), open_reports(1))
