"""Discussion rules, pure: who starts a topic and replies, edits and deletes by the author
with their traces, closing, threads to a display depth, mentions, excerpts, and what each
reader sees of moderated content."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from communities.domain.discussion import (
    BODY_MAX,
    THREAD_DEPTH,
    TITLE_MAX,
    Viewer,
    mentioned_user_ids,
    plain_excerpt,
    publish_post,
)
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.moderation import Moderation, ModerationState
from contracts.events import (
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
    PostPublished,
    ReplyPublished,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COMMUNITY = Community(id="c1", name="Space makers", description="", visibility=CommunityVisibility.PRIVATE,
                      descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW)


def member(user: str, status: MembershipStatus = MembershipStatus.ACTIVE) -> Membership:
    return Membership(id=f"m-{user}", community_id="c1", user_id=user, role=MembershipRole.MEMBER, status=status,
                      since=NOW)


def topic(**overrides):
    post, _ = publish_post(COMMUNITY, post_id="p1", author=member("ann"), title="Pilot line", body="Who is in?")
    return replace(post, **overrides)


def answer(post, user: str = "bob", parent=None, reply_id: str = "r1", body: str = "Me"):
    return post.reply(COMMUNITY, reply_id=reply_id, author=member(user), body=body, parent=parent)


# -- topics -----------------------------------------------------------------------------------
def test_an_active_member_starts_a_topic_and_it_is_announced_with_its_mentions():
    post, event = publish_post(COMMUNITY, post_id="p1", author=member("ann"), title="  Pilot  ", body=" Hi @x ",
                               mentioned=["bob", "ann"])
    assert (post.title, post.body, post.version, post.reply_count) == ("Pilot", "Hi @x", 1, 0)
    assert post.last_activity_at == post.published_at
    assert isinstance(event, PostPublished) and event.community_visibility is CommunityVisibility.PRIVATE
    assert event.mentioned_user_ids == ["bob"]  # never told of your own mention
    assert event.community_name == "Space makers"


@pytest.mark.parametrize("who", [None, member("pat", MembershipStatus.PENDING)])
def test_only_active_members_start_topics(who):
    with pytest.raises(NotAllowed):
        publish_post(COMMUNITY, post_id="p1", author=who, title="Hi", body="there")


@pytest.mark.parametrize(("title", "body"), [("", "x"), ("x", ""), ("x" * (TITLE_MAX + 1), "x"),
                                             ("x", "x" * (BODY_MAX + 1))])
def test_a_topic_needs_a_title_and_a_body_within_their_limits(title, body):
    with pytest.raises(CommunityRuleViolation):
        publish_post(COMMUNITY, post_id="p1", author=member("ann"), title=title, body=body)


def test_only_the_author_edits_and_an_edited_trace_stays():
    post = topic()
    with pytest.raises(NotAllowed):
        post.edit(by="bob", title="Mine now", body=None)
    edited = post.edit(by="ann", title=None, body="Who is in? Friday.", mentioned=["ann", "cid"])
    assert edited.title == "Pilot line" and edited.body == "Who is in? Friday."
    assert edited.edited_at is not None and edited.version == 2 and edited.mentioned_user_ids == ("cid",)
    assert post.edit(by="ann", title=" Pilot line ", body=None) is post  # nothing changed: no trace
    with pytest.raises(CommunityRuleViolation):
        post.edit(by="ann", title="", body=None)


def test_deleting_leaves_a_trace_without_the_text_and_is_for_the_author_only():
    post = topic()
    with pytest.raises(NotAllowed):
        post.delete(by="owner")
    gone = post.delete(by="ann")
    assert gone.deleted and gone.body == "" and gone.title == "Pilot line" and gone.version == 2
    assert gone.delete(by="ann") is gone
    with pytest.raises(CommunityRuleViolation):
        gone.edit(by="ann", title="Back", body=None)
    with pytest.raises(CommunityRuleViolation):
        answer(gone)


def test_a_closed_topic_takes_no_replies_until_reopened():
    closed = topic().close(by="owner")
    assert closed.closed and closed.closed_by == "owner" and closed.version == 2
    assert closed.close(by="owner") is closed
    with pytest.raises(CommunityRuleViolation, match="closed"):
        answer(closed)
    reopened = closed.reopen()
    assert not reopened.closed and reopened.version == 3 and reopened.reopen() is reopened
    reply, _ = answer(reopened)
    assert reply.body == "Me"
    with pytest.raises(CommunityRuleViolation):
        topic().delete(by="ann").close(by="owner")


def test_a_moderated_topic_takes_no_replies_and_a_removed_one_no_edits():
    hidden = topic(moderation=Moderation(state=ModerationState.HIDDEN))
    with pytest.raises(CommunityRuleViolation):
        answer(hidden)
    removed = topic(moderation=Moderation(state=ModerationState.REMOVED))
    with pytest.raises(CommunityRuleViolation, match="moderator"):
        removed.edit(by="ann", title="x", body=None)


# -- replies ----------------------------------------------------------------------------------
def test_a_reply_tells_the_topic_author_and_the_parent_author():
    post = topic()
    first, event = answer(post, "bob", reply_id="r1")
    assert isinstance(event, ReplyPublished) and event.post_author_id == "ann" and event.parent_author_id is None
    assert (first.depth, first.thread_key, first.post_title) == (1, "r1", "Pilot line")
    second, event = post.reply(COMMUNITY, reply_id="r2", author=member("cid"), body="@bob yes", parent=first,
                               mentioned=["bob", "cid"])
    assert event.parent_reply_id == "r1" and event.parent_author_id == "bob"
    assert event.mentioned_user_ids == ["bob"] and event.excerpt == "@bob yes"
    assert (second.depth, second.thread_key) == (2, "r1/r2")


def test_threads_nest_to_the_display_depth_then_sit_beside_their_parent():
    post = topic()
    parent, _ = answer(post, reply_id="a")
    for level, rid in enumerate("bcd", start=2):
        parent, _ = answer(post, parent=parent, reply_id=rid)
        assert parent.depth == min(level, THREAD_DEPTH)
    assert parent.thread_key == "a/b/d" and parent.parent_id == "c"
    keys = sorted(["a", "a/b", "a/b/c", "a/b/d", "e"])
    assert keys == ["a", "a/b", "a/b/c", "a/b/d", "e"]  # sorting by key lists each after its parent


def test_replies_are_for_active_members_and_answer_only_replies_of_the_same_topic():
    post = topic()
    with pytest.raises(NotAllowed):
        post.reply(COMMUNITY, reply_id="r1", author=member("pat", MembershipStatus.PENDING), body="x")
    other, _ = answer(topic(id="p2"), reply_id="o1")
    with pytest.raises(CommunityRuleViolation, match="another topic"):
        answer(post, parent=other, reply_id="r2")
    with pytest.raises(CommunityRuleViolation):
        answer(post, body="   ")


def test_a_reply_is_edited_and_deleted_by_its_author_and_a_removed_one_is_not_answered():
    post = topic()
    reply, _ = answer(post, "bob")
    with pytest.raises(NotAllowed):
        reply.edit(by="ann", body="x")
    edited = reply.edit(by="bob", body="Me, twice", mentioned=["bob", "ann"])
    assert edited.edited_at and edited.version == 2 and edited.mentioned_user_ids == ("ann",)
    assert edited.edit(by="bob", body="Me, twice") is edited
    with pytest.raises(NotAllowed):
        edited.delete(by="ann")
    gone = edited.delete(by="bob")
    assert gone.deleted and gone.body == "" and gone.mentioned_user_ids == ()
    with pytest.raises(CommunityRuleViolation):
        gone.edit(by="bob", body="again")
    with pytest.raises(CommunityRuleViolation):
        answer(post, parent=gone, reply_id="r9")
    hidden = replace(reply, moderation=Moderation(state=ModerationState.HIDDEN_PENDING_REVIEW))
    with pytest.raises(CommunityRuleViolation):
        answer(post, parent=hidden, reply_id="r8")


# -- text ---------------------------------------------------------------------------------------
def test_mentions_are_found_once_each_in_order():
    text = "Hi @[Ann B](user:a-1), @[Bob](user:b2) and @[Ann B](user:a-1) again; not @[x](user:bad id)"
    assert mentioned_user_ids(text) == ["a-1", "b2"]


def test_an_excerpt_is_plain_text_of_bounded_length():
    assert plain_excerpt("**Hi** @[Ann](user:a1), see [the call](https://x.example/c)") == "Hi @Ann, see the call"
    long = plain_excerpt("word " * 200, length=20)
    assert len(long) <= 20 and long.endswith("…")


# -- readers and moderation --------------------------------------------------------------------------
@pytest.mark.parametrize(("state", "reader", "sees", "content"), [
    (ModerationState.VISIBLE, "bob", True, True),
    (ModerationState.HIDDEN, "bob", False, True),
    (ModerationState.HIDDEN_PENDING_REVIEW, "bob", False, True),
    (ModerationState.HIDDEN, "ann", True, True),  # its author, marked
    (ModerationState.REMOVED, "bob", True, False),  # a trace only
    (ModerationState.REMOVED, "ann", True, False),
])
def test_what_a_reader_sees_of_moderated_content(state, reader, sees, content):
    post = topic(moderation=Moderation(state=state, reason="Spam"))
    viewer = Viewer(user_id=reader)
    assert viewer.sees(post) is sees and viewer.sees_content(post) is content
    assert viewer.sees_reason(post) is (reader == "ann")
    manager = Viewer(user_id="owner", manager=True)
    assert manager.sees(post) and manager.sees_content(post) and manager.sees_reason(post)
