"""The news service layer with in-memory repositories: the scope checked in the
transaction, 404 for what the actor may not read, If-Match, the events published, and the
scheduler (`run_due`) announcing each due article once."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from communities.domain.access import Actor
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.news import Cover, News, NewsCategory, NewsStatus
from communities.service_layer import news as handlers
from contracts.events import (
    CommunityVisibility,
    MembershipRole,
    MembershipStatus,
    NewsPublished,
    NewsReviewed,
    NewsReviewOutcome,
    NewsWithdrawn,
)
from contracts.taxonomy import UnknownDescriptors
from servicekit.exceptions import Forbidden, NotFound, PreconditionFailed

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)
OWNER, AUTHOR, MEMBER = MembershipRole.OWNER, MembershipRole.AUTHOR, MembershipRole.MEMBER


class FakeNews:
    def __init__(self) -> None:
        self.store: FakeStore[News] = FakeStore()

    async def add(self, news: News) -> None:
        self.store.insert(news)

    async def get(self, news_id: str) -> News | None:
        return self.store.rows.get(news_id)

    async def save(self, news: News) -> None:
        self.store.replace_versioned(news)

    async def delete(self, news_id: str) -> None:
        self.store.rows.pop(news_id, None)

    async def due_announcements(self, now: datetime, limit: int) -> list[str]:
        return [n.id for n in self.store.where(lambda n: n.status is NewsStatus.PUBLISHED and n.announced_at is None
                                                and n.is_live(now) and n.moderation.visible)][:limit]

    async def due_withdrawals(self, now: datetime, limit: int) -> list[str]:
        return [n.id for n in self.store.where(lambda n: n.status is NewsStatus.PUBLISHED
                                                and n.withdraw_at is not None and n.withdraw_at <= now)][:limit]


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    news: FakeNews


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility, validation in (("open", CommunityVisibility.PUBLIC, False),
                                        ("checked", CommunityVisibility.PUBLIC, True),
                                        ("closed", CommunityVisibility.CLOSED, False)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW,
                                               news_requires_validation=validation))
        for user, role in (("owner", OWNER), ("author", AUTHOR), ("member", MEMBER)):
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=MembershipStatus.ACTIVE, since=NOW))
    return ctx


def write(community_id: str | None, user: str = "author", operator: bool = False, **overrides) -> handlers.WriteNews:
    fields = {"title": "Call for SMEs", "summary": "Funding", "body": "Apply now.",
              "category": NewsCategory.CALL_FOR_FUNDING}
    fields.update(overrides)
    return handlers.WriteNews(community_id=community_id, actor=Actor(user, operator), **fields)


def act(news: News, user: str, **extra) -> handlers.NewsAction:
    return handlers.NewsAction(community_id=news.community_id, news_id=news.id, actor=Actor(user), **extra)


async def test_an_author_writes_a_draft_and_nothing_is_announced(ctx):
    uow = FakeUnitOfWork(ctx)
    news = await uow.handle(handlers.write_news, write("open"))
    assert ctx.news.store.rows[news.id].status is NewsStatus.DRAFT and news.version == 1
    assert ctx.published == []


async def test_submitted_at_once_it_is_published_and_stored_as_version_one(ctx):
    news = await FakeUnitOfWork(ctx).handle(handlers.write_news, write("open", submit=True))
    assert news.status is NewsStatus.PUBLISHED and news.version == 1
    [event] = ctx.published
    assert isinstance(event, NewsPublished) and event.community_visibility is CommunityVisibility.PUBLIC


@pytest.mark.parametrize("community_id, user, error", [
    ("open", "member", Forbidden), ("open", "stranger", Forbidden), ("closed", "stranger", NotFound),
    ("missing", "author", NotFound), (None, "author", Forbidden)])
async def test_writing_needs_the_writers_role_of_a_scope_that_exists(ctx, community_id, user, error):
    with pytest.raises(error):
        await FakeUnitOfWork(ctx).handle(handlers.write_news, write(community_id, user))
    assert ctx.news.store.rows == {}


async def test_unknown_descriptors_are_refused(ctx):
    with pytest.raises(UnknownDescriptors):
        await FakeUnitOfWork(ctx).handle(handlers.write_news, write(None, "op", True, descriptors=["s3:atlantis"]))


async def test_operators_write_platform_news(ctx):
    news = await FakeUnitOfWork(ctx).handle(handlers.write_news, write(None, "op", True, submit=True,
                                                                       descriptors=["s3:aerospace"]))
    assert news.community_id is None
    assert ctx.published[0].community_id is None and ctx.published[0].descriptors == ["s3:aerospace"]


async def test_the_validation_workflow_end_to_end(ctx):
    uow = FakeUnitOfWork(ctx)
    news = await uow.handle(handlers.write_news, write("checked"))
    pending = await uow.handle(handlers.submit_news, act(news, "author"))
    assert pending.status is NewsStatus.TO_VALIDATE
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.approve_news, act(pending, "author"))
    rejected = await uow.handle(handlers.reject_news, act(pending, "owner", reason="Add the deadline."))
    assert rejected.status is NewsStatus.DRAFT and rejected.review_reason == "Add the deadline."
    again = await uow.handle(handlers.submit_news, act(rejected, "author"))
    live = await uow.handle(handlers.approve_news, act(again, "owner"))
    assert live.status is NewsStatus.PUBLISHED
    outcomes = [e.outcome for e in ctx.published if isinstance(e, NewsReviewed)]
    assert outcomes == [NewsReviewOutcome.SUBMITTED, NewsReviewOutcome.REJECTED, NewsReviewOutcome.SUBMITTED,
                        NewsReviewOutcome.APPROVED]
    assert isinstance(ctx.published[-1], NewsPublished)


async def test_someone_elses_draft_is_not_found_and_a_stale_version_is_refused(ctx):
    uow = FakeUnitOfWork(ctx)
    news = await uow.handle(handlers.write_news, write("open"))
    with pytest.raises(NotFound):
        await uow.handle(handlers.submit_news, act(news, "member"))
    with pytest.raises(NotFound):  # the right id in the wrong scope
        await uow.handle(handlers.submit_news, replace(act(news, "author"), community_id="checked"))
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.revise_news, handlers.ReviseNews(
            community_id="open", news_id=news.id, actor=Actor("author"), expected_version=7,
            changes={"title": "New"}))
    revised = await uow.handle(handlers.revise_news, handlers.ReviseNews(
        community_id="open", news_id=news.id, actor=Actor("owner"), expected_version=1,
        changes={"title": "New", "withdraw_at": None}))
    assert revised.title == "New" and revised.version == 2


async def test_a_rule_refused_writes_nothing(ctx):
    uow = FakeUnitOfWork(ctx)
    news = await uow.handle(handlers.write_news, write("open"))
    with pytest.raises(CommunityRuleViolation):
        await uow.handle(handlers.withdraw_news, act(news, "author"))
    assert ctx.news.store.rows[news.id] == news and ctx.published == []


async def test_deleting_a_live_article_announces_its_withdrawal_and_hands_back_the_cover(ctx):
    uow = FakeUnitOfWork(ctx)
    news = await uow.handle(handlers.write_news, write("open", submit=True))
    cover = Cover(file_id="f1", content_type="image/png", size=3, uploaded_at=NOW)
    changed, previous = await uow.handle(handlers.set_cover, handlers.SetCover(
        community_id="open", news_id=news.id, actor=Actor("author"), cover=cover))
    assert previous is None and changed.cover == cover
    gone = await uow.handle(handlers.delete_news, handlers.DeleteNews(
        community_id="open", news_id=news.id, actor=Actor("owner"), expected_version=changed.version))
    assert gone == cover and news.id not in ctx.news.store.rows
    assert isinstance(ctx.published[-1], NewsWithdrawn)


async def test_run_due_announces_scheduled_news_and_withdrawals_once(ctx):
    uow = FakeUnitOfWork(ctx)
    soon, end = NOW + timedelta(minutes=10), NOW + timedelta(hours=1)
    scheduled = await uow.handle(handlers.write_news, write("open", submit=True, publish_at=soon, withdraw_at=end))
    platform = await uow.handle(handlers.write_news, write(None, "op", True, submit=True, publish_at=soon))
    assert ctx.published == []
    assert await handlers.run_due(uow, NOW) == 0
    assert await handlers.run_due(uow, soon) == 2
    announced = [e for e in ctx.published if isinstance(e, NewsPublished)]
    assert sorted(e.news_id for e in announced) == sorted([scheduled.id, platform.id])
    assert await handlers.run_due(uow, soon + timedelta(minutes=1)) == 0  # once
    assert await handlers.run_due(uow, end) == 1
    [withdrawn] = [e for e in ctx.published if isinstance(e, NewsWithdrawn)]
    assert withdrawn.news_id == scheduled.id and withdrawn.withdrawn_at == end
    assert ctx.news.store.rows[scheduled.id].status is NewsStatus.WITHDRAWN
    assert await handlers.run_due(uow, end + timedelta(hours=1)) == 0
    assert len(ctx.published) == 3


async def test_run_due_announcing_the_same_article_twice_tells_once(ctx):
    uow = FakeUnitOfWork(ctx)
    soon = NOW + timedelta(minutes=10)
    news = await uow.handle(handlers.write_news, write("open", submit=True, publish_at=soon))
    first = await uow.handle(handlers.announce_due, handlers.AnnounceDue(news_id=news.id, now=soon))
    second = await uow.handle(handlers.announce_due, handlers.AnnounceDue(news_id=news.id, now=soon))
    assert (first, second) == (1, 0) and len(ctx.published) == 1
