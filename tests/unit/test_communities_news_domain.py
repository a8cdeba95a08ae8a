"""News rules, pure: who writes, the validation workflow, what is live when, and the
scheduler's announcements (each once)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from communities.domain.access import Actor, Scope
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.moderation import Moderation, ModerationState
from communities.domain.news import (
    COVER_MAX_BYTES,
    CoverNotAnImage,
    CoverTooLarge,
    NewsCategory,
    NewsPhase,
    NewsStatus,
    check_cover,
    write,
)
from contracts.events import (
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
    NewsPublished,
    NewsReviewed,
    NewsReviewOutcome,
    NewsWithdrawn,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def community(*, validation: bool = False, visibility=CommunityVisibility.PUBLIC) -> Community:
    return Community(id="c1", name="Space makers", description="", visibility=visibility, descriptors=(),
                     owner_id="owner", created_at=NOW, updated_at=NOW, news_requires_validation=validation)


def scope_of(user: str, role: MembershipRole | None, *, validation: bool = False,
             status: MembershipStatus = MembershipStatus.ACTIVE) -> Scope:
    membership = None if role is None else Membership(id=f"m-{user}", community_id="c1", user_id=user, role=role,
                                                      status=status, since=NOW)
    return Scope(actor=Actor(user), community=community(validation=validation), membership=membership)


def author(validation: bool = False) -> Scope:
    return scope_of("author", MembershipRole.AUTHOR, validation=validation)


def manager(validation: bool = False) -> Scope:
    return scope_of("mod", MembershipRole.MODERATOR, validation=validation)


def draft(scope: Scope, **overrides):
    fields = {"news_id": "n1", "title": " Call for SMEs ", "summary": "Funding", "body": "Apply **now**.",
              "category": NewsCategory.CALL_FOR_FUNDING, "now": NOW}
    fields.update(overrides)
    return write(scope, **fields)


def test_a_new_article_is_a_draft_written_now_by_its_writer():
    news = draft(author())
    assert news.status is NewsStatus.DRAFT and news.phase(NOW) is NewsPhase.DRAFT
    assert news.title == "Call for SMEs" and news.author_id == "author" and news.community_id == "c1"
    assert news.publish_at == NOW and not news.is_live(NOW)


@pytest.mark.parametrize("role", [None, MembershipRole.MEMBER])
def test_only_managers_and_authors_write_community_news(role):
    with pytest.raises(NotAllowed):
        draft(scope_of("someone", role))


def test_a_pending_member_with_the_author_role_does_not_write():
    with pytest.raises(NotAllowed):
        draft(scope_of("x", MembershipRole.AUTHOR, status=MembershipStatus.PENDING))


def test_platform_news_is_written_by_operators_only():
    assert draft(Scope(actor=Actor("op", operator=True))).community_id is None
    with pytest.raises(NotAllowed):
        draft(Scope(actor=Actor("someone")))


def test_only_a_manager_highlights():
    with pytest.raises(NotAllowed):
        draft(author(), highlighted=True)
    assert draft(manager(), highlighted=True).highlighted
    news = draft(author())
    with pytest.raises(NotAllowed):
        news.revise(author(), highlighted=True, now=NOW)
    assert news.revise(manager(), highlighted=True, now=NOW)[0].highlighted


@pytest.mark.parametrize("overrides, message", [
    ({"title": "  "}, "title"), ({"body": ""}, "empty"), ({"title": "x" * 201}, "200"),
    ({"withdraw_at": NOW - timedelta(hours=1)}, "after"), ({"publish_at": datetime(2026, 3, 2, 9)}, "offset"),
])
def test_an_article_breaking_the_rules_is_refused(overrides, message):
    with pytest.raises(CommunityRuleViolation, match=message):
        draft(author(), **overrides)


def test_times_are_kept_in_utc_to_the_millisecond():
    rome = datetime(2026, 3, 2, 12, 30, 0, 123456, tzinfo=UTC).astimezone()
    news = draft(author(), publish_at=rome)
    assert news.publish_at == datetime(2026, 3, 2, 12, 30, 0, 123000, tzinfo=UTC)
    assert news.publish_at.tzinfo is UTC


def test_a_manager_publishes_directly_and_it_is_announced_at_once():
    news, events = draft(manager()).submit(manager(), now=NOW)
    assert news.status is NewsStatus.PUBLISHED and news.is_live(NOW) and news.announced_at == NOW
    [event] = events
    assert isinstance(event, NewsPublished)
    assert (event.news_id, event.community_id, event.community_name, event.category) == (
        "n1", "c1", "Space makers", "call_for_funding")


def test_an_author_publishes_directly_when_the_community_does_not_validate():
    news, events = draft(author()).submit(author(), now=NOW)
    assert news.status is NewsStatus.PUBLISHED and isinstance(events[0], NewsPublished)


def test_where_news_is_validated_an_author_submits_and_the_managers_are_told():
    news, [event] = draft(author(True)).submit(author(True), now=NOW)
    assert news.status is NewsStatus.TO_VALIDATE and news.phase(NOW) is NewsPhase.TO_VALIDATE
    assert isinstance(event, NewsReviewed) and event.outcome is NewsReviewOutcome.SUBMITTED
    assert event.author_id == "author" and event.reviewer_id is None
    with pytest.raises(CommunityRuleViolation):  # not twice
        news.submit(author(True), now=NOW)


def test_a_manager_approves_and_the_author_is_told_then_it_is_announced():
    pending, _ = draft(author(True)).submit(author(True), now=NOW)
    approved, events = pending.approve(manager(True), now=NOW)
    assert approved.status is NewsStatus.PUBLISHED and approved.reviewed_by == "mod"
    assert [type(e) for e in events] == [NewsReviewed, NewsPublished]
    assert events[0].outcome is NewsReviewOutcome.APPROVED and events[0].reviewer_id == "mod"


def test_a_manager_rejects_with_a_reason_the_draft_keeps_it_and_may_be_submitted_again():
    pending, _ = draft(author(True)).submit(author(True), now=NOW)
    with pytest.raises(CommunityRuleViolation, match="why"):
        pending.reject(manager(True), reason="  ", now=NOW)
    back, [event] = pending.reject(manager(True), reason="Add the deadline.", now=NOW)
    assert back.status is NewsStatus.DRAFT and back.review_reason == "Add the deadline."
    assert event.outcome is NewsReviewOutcome.REJECTED and event.reason == "Add the deadline."
    again, _ = back.submit(author(True), now=NOW)
    assert again.status is NewsStatus.TO_VALIDATE and again.review_reason is None


def test_authors_do_not_review():
    pending, _ = draft(author(True)).submit(author(True), now=NOW)
    with pytest.raises(NotAllowed):
        pending.approve(author(True), now=NOW)
    with pytest.raises(NotAllowed):
        pending.reject(author(True), reason="no", now=NOW)


def test_only_a_pending_article_is_approved():
    with pytest.raises(CommunityRuleViolation):
        draft(manager()).approve(manager(), now=NOW)


def test_an_authors_edit_of_a_published_article_goes_back_to_validation():
    pending, _ = draft(author(True)).submit(author(True), now=NOW)
    live, _ = pending.approve(manager(True), now=NOW)
    edited, [event] = live.revise(author(True), body="Apply by Friday.", now=NOW)
    assert edited.status is NewsStatus.TO_VALIDATE and event.outcome is NewsReviewOutcome.SUBMITTED
    # a manager's edit stays published
    edited, events = live.revise(manager(True), body="Apply by Friday.", now=NOW)
    assert edited.status is NewsStatus.PUBLISHED and events == []


def test_others_neither_edit_nor_withdraw():
    live, _ = draft(author()).submit(author(), now=NOW)
    other_author = scope_of("other", MembershipRole.AUTHOR)
    member = scope_of("member", MembershipRole.MEMBER)
    for scope in (other_author, member):
        with pytest.raises(NotAllowed):
            live.revise(scope, title="Mine", now=NOW)
        with pytest.raises(NotAllowed):
            live.withdraw(scope, now=NOW)


def test_an_unchanged_revision_is_no_change():
    news = draft(author())
    assert news.revise(author(), title="Call for SMEs", now=NOW) == (news, [])


def test_scheduled_news_goes_live_at_publish_at_and_is_announced_once():
    later = NOW + timedelta(hours=2)
    news, events = draft(manager(), publish_at=later).submit(manager(), now=NOW)
    assert events == [] and news.phase(NOW) is NewsPhase.SCHEDULED and not news.is_live(NOW)
    assert news.announce(manager(), NOW) == (news, [])  # not yet
    assert news.is_live(later)  # live at its time, whether announced or not
    told, [event] = news.announce(manager(), later)
    assert isinstance(event, NewsPublished) and told.announced_at == later and event.published_at == later
    assert told.announce(manager(), later + timedelta(minutes=1)) == (told, [])  # once


def test_a_hidden_article_is_not_announced():
    news, _ = draft(manager(), publish_at=NOW + timedelta(hours=1)).submit(manager(), now=NOW)
    hidden = replace(news, moderation=Moderation(state=ModerationState.HIDDEN, by="mod"))
    assert hidden.announce(manager(), NOW + timedelta(hours=2)) == (hidden, [])


def test_withdraw_at_ends_it_and_the_scheduler_announces_the_withdrawal_once():
    end = NOW + timedelta(days=7)
    live, _ = draft(manager(), withdraw_at=end).submit(manager(), now=NOW)
    assert live.is_live(end - timedelta(seconds=1)) and live.phase(end) is NewsPhase.WITHDRAWN
    assert live.expire(manager(), NOW) == (live, [])
    gone, [event] = live.expire(manager(), end)
    assert isinstance(event, NewsWithdrawn) and event.withdrawn_at == end and gone.status is NewsStatus.WITHDRAWN
    assert gone.withdrawn_by is None
    assert gone.expire(manager(), end + timedelta(hours=1)) == (gone, [])


def test_a_scheduled_article_that_never_went_out_is_withdrawn_silently():
    news, _ = draft(manager(), publish_at=NOW + timedelta(hours=1),
                    withdraw_at=NOW + timedelta(hours=2)).submit(manager(), now=NOW)
    gone, events = news.expire(manager(), NOW + timedelta(hours=3))
    assert events == [] and gone.status is NewsStatus.WITHDRAWN


def test_the_author_withdraws_now_and_again_changes_nothing():
    live, _ = draft(author()).submit(author(), now=NOW)
    gone, [event] = live.withdraw(author(), now=NOW)
    assert gone.status is NewsStatus.WITHDRAWN and gone.withdrawn_by == "author"
    assert isinstance(event, NewsWithdrawn)
    assert gone.withdraw(author(), now=NOW) == (gone, [])
    with pytest.raises(CommunityRuleViolation):
        gone.revise(author(), title="Back", now=NOW)
    with pytest.raises(CommunityRuleViolation):
        draft(author()).withdraw(author(), now=NOW)


def test_deleting_a_live_article_tells_of_its_withdrawal():
    live, _ = draft(author()).submit(author(), now=NOW)
    [event] = live.deleted(author(), now=NOW)
    assert isinstance(event, NewsWithdrawn)
    assert draft(author()).deleted(author(), now=NOW) == []


def test_who_reads_what():
    live, _ = draft(author()).submit(author(), now=NOW)
    pending = draft(author())
    reader = scope_of("reader", None)
    assert live.readable_by(reader, NOW) and not pending.readable_by(reader, NOW)
    assert pending.readable_by(author(), NOW) and pending.readable_by(manager(), NOW)
    assert not pending.readable_by(scope_of("other", MembershipRole.AUTHOR), NOW)
    hidden = replace(live, moderation=Moderation(state=ModerationState.HIDDEN))
    assert not hidden.readable_by(reader, NOW) and hidden.readable_by(manager(), NOW)
    removed = replace(live, moderation=Moderation(state=ModerationState.REMOVED))
    assert removed.readable_by(reader, NOW)  # the trace
    private_outsider = Scope(actor=Actor("x"), community=community(visibility=CommunityVisibility.PRIVATE))
    assert not live.readable_by(private_outsider, NOW)


def test_covers_are_png_jpeg_or_webp_of_at_most_5_mib():
    assert check_cover(b"\x89PNG....", "image/png") == "image/png"
    with pytest.raises(CoverTooLarge):
        check_cover(b"x" * (COVER_MAX_BYTES + 1), "image/png")
    for sniffed in (None, "image/gif", "application/pdf"):
        with pytest.raises(CoverNotAnImage):
            check_cover(b"data", sniffed)
    with pytest.raises(CoverNotAnImage):
        check_cover(b"", "image/png")
