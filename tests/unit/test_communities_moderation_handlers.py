"""The moderation service layer with in-memory repositories: the scope and the content
checked in the transaction, one report per member, three distinct reporters hiding the
content in its own store, a manager's decision closing the reports, and the events."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from communities.domain.access import Actor
from communities.domain.model import Community, CommunityRuleViolation, Membership
from communities.domain.moderation import Moderation, ModerationState
from communities.domain.reports import (
    Decision,
    Report,
    ReportCategory,
    ReportedContent,
    ReportStatus,
)
from communities.service_layer import moderation as handlers
from contracts.events import (
    CommunityVisibility,
    ContentKind,
    ContentModerated,
    ContentReported,
    MembershipRole,
    MembershipStatus,
    ModerationAction,
)
from servicekit.exceptions import AlreadyExists, Forbidden, NotFound

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)


class FakeReports:
    def __init__(self) -> None:
        self.store: FakeStore[Report] = FakeStore(unique=lambda r: (r.content_kind, r.content_id, r.reporter_id))

    async def add(self, report: Report) -> None:
        self.store.insert(report)

    async def open_for(self, kind: ContentKind, content_id: str) -> list[Report]:
        return self.store.where(lambda r: (r.content_kind, r.content_id, r.status) == (kind, content_id,
                                                                                     ReportStatus.OPEN))

    async def reported_by(self, kind: ContentKind, content_id: str, reporter_id: str) -> bool:
        return self.store.first(lambda r: (r.content_kind, r.content_id, r.reporter_id) == (
            kind, content_id, reporter_id)) is not None

    async def close(self, reports: list[Report]) -> None:
        for r in reports:
            self.store.replace(r)


class FakeContent:
    def __init__(self) -> None:
        self.store: FakeStore[ReportedContent] = FakeStore(key=lambda c: f"{c.kind.value}:{c.id}")
        self.touched: list[tuple[ContentKind, str]] = []

    async def get(self, kind: ContentKind, content_id: str) -> ReportedContent | None:
        return self.store.rows.get(f"{kind.value}:{content_id}")

    async def touch(self, kind: ContentKind, content_id: str, at: datetime) -> None:
        self.touched.append((kind, content_id))

    async def set_moderation(self, kind: ContentKind, content_id: str, moderation: Moderation) -> None:
        self.store.replace(replace(self.store.rows[f"{kind.value}:{content_id}"], moderation=moderation))


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    reports: FakeReports
    moderated: FakeContent


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility in (("open", CommunityVisibility.PUBLIC), ("closed", CommunityVisibility.CLOSED)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW))
        users = [("owner", MembershipRole.OWNER), ("mod", MembershipRole.MODERATOR), ("writer", MembershipRole.MEMBER),
                 *((f"m{i}", MembershipRole.MEMBER) for i in range(1, 5))]
        for user, role in users:
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=MembershipStatus.ACTIVE, since=NOW))
        for kind in ContentKind:
            ctx.moderated.store.insert(ReportedContent(kind=kind, id=f"{cid}-{kind.value}", community_id=cid,
                                                       author_id="writer", title=f"A {kind.value}"))
    ctx.moderated.store.insert(ReportedContent(kind=ContentKind.NEWS, id="desk-news", community_id=None,
                                               author_id="desk", title="Platform news"))
    return ctx


def rep(user: str, community_id: str | None = "open", kind: ContentKind = ContentKind.POST,
        content_id: str | None = None, threshold: int = 3, operator: bool = False) -> handlers.ReportContent:
    return handlers.ReportContent(community_id=community_id, actor=Actor(user, operator), kind=kind,
                                  content_id=content_id or f"{community_id}-{kind.value}",
                                  category=ReportCategory.OFFENSIVE, text="Insults", threshold=threshold)


def decision(user: str, d: Decision, community_id: str | None = "open", kind: ContentKind = ContentKind.POST,
             content_id: str | None = None, reason: str = "", operator: bool = False) -> handlers.Decide:
    return handlers.Decide(community_id=community_id, actor=Actor(user, operator), kind=kind,
                           content_id=content_id or f"{community_id}-{kind.value}", decision=d, reason=reason)


def state(ctx: Ctx, kind: ContentKind = ContentKind.POST, cid: str = "open") -> ModerationState:
    return ctx.moderated.store.rows[f"{kind.value}:{cid}-{kind.value}"].moderation.state


@pytest.mark.parametrize("kind", list(ContentKind))
async def test_three_distinct_members_hide_any_kind_of_content(ctx, kind):
    uow = FakeUnitOfWork(ctx)
    for user in ("m1", "m2"):
        done = await uow.handle(handlers.report_content, rep(user, kind=kind))
        assert done.hidden is False and state(ctx, kind) is ModerationState.VISIBLE
    done = await uow.handle(handlers.report_content, rep("m3", kind=kind))
    assert done.hidden is True and state(ctx, kind) is ModerationState.HIDDEN_PENDING_REVIEW
    assert [type(e) for e in ctx.published] == [ContentReported] * 3 + [ContentModerated]
    assert [e.distinct_reporters for e in ctx.published[:3]] == [1, 2, 3]
    assert ctx.published[-1].content_kind is kind and ctx.published[-1].author_id == "writer"
    assert ctx.moderated.touched == [(kind, f"open-{kind.value}")] * 3  # concurrent reports of one item conflict


async def test_the_same_member_twice_counts_once_and_is_refused(ctx):
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.report_content, rep("m1"))
    with pytest.raises(CommunityRuleViolation):
        await uow.handle(handlers.report_content, rep("m1"))
    assert len(ctx.reports.store.rows) == 1 and len(ctx.published) == 1


async def test_a_racing_duplicate_is_caught_by_the_store(ctx):
    async def never(*_):
        return False
    ctx.reports.reported_by = never  # as if two requests raced past the check
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.report_content, rep("m1"))
    ctx.reports.store.rows = {k: replace(r, status=ReportStatus.CLOSED) for k, r in ctx.reports.store.rows.items()}
    with pytest.raises(AlreadyExists):
        await uow.handle(handlers.report_content, rep("m1"))


@pytest.mark.parametrize("command, error", [
    (rep("stranger"), Forbidden),  # reads an open community, does not take part
    (rep("stranger", "closed"), NotFound),
    (rep("m1", "missing"), NotFound),
    (rep("m1", content_id="nope"), NotFound),
    (rep("m1", content_id="closed-post"), NotFound),  # another community's content
    (rep("m1", None, ContentKind.POST, "open-post"), NotFound),  # platform-wide content is news only
    (rep("m1", None, ContentKind.NEWS, "open-news"), NotFound),  # a community's news is not platform news
])
async def test_reports_need_a_participant_and_content_of_that_scope(ctx, command, error):
    with pytest.raises(error):
        await FakeUnitOfWork(ctx).handle(handlers.report_content, command)
    assert ctx.reports.store.rows == {} and ctx.published == []


async def test_after_a_restore_it_takes_three_new_reporters(ctx):
    uow = FakeUnitOfWork(ctx)
    for user in ("m1", "m2", "m3"):
        await uow.handle(handlers.report_content, rep(user))
    done = await uow.handle(handlers.decide, decision("mod", Decision.RESTORE))
    assert done.moderation.visible and done.closed_reports == 3 and state(ctx) is ModerationState.VISIBLE
    assert {r.status for r in ctx.reports.store.rows.values()} == {ReportStatus.CLOSED}
    restored = ctx.published[-1]
    assert isinstance(restored, ContentModerated) and restored.action is ModerationAction.RESTORED
    with pytest.raises(CommunityRuleViolation):  # m1 reported it once already
        await uow.handle(handlers.report_content, rep("m1"))
    done = await uow.handle(handlers.report_content, rep("m4"))
    assert done.hidden is False  # one open report only


async def test_managers_hide_and_remove_with_a_reason(ctx):
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.report_content, rep("m1", kind=ContentKind.REPLY))
    done = await uow.handle(handlers.decide, decision("owner", Decision.HIDE, kind=ContentKind.REPLY,
                                                      reason="Off-topic insults."))
    assert done.moderation.state is ModerationState.HIDDEN and done.closed_reports == 1
    done = await uow.handle(handlers.decide, decision("mod", Decision.REMOVE, kind=ContentKind.REPLY,
                                                      reason="Repeated."))
    assert state(ctx, ContentKind.REPLY) is ModerationState.REMOVED and done.closed_reports == 0
    assert [e.action for e in ctx.published if isinstance(e, ContentModerated)] == [
        ModerationAction.HIDDEN, ModerationAction.REMOVED]


@pytest.mark.parametrize("user, error", [("m1", Forbidden), ("writer", Forbidden), ("stranger", Forbidden)])
async def test_only_managers_decide(ctx, user, error):
    with pytest.raises(error):
        await FakeUnitOfWork(ctx).handle(handlers.decide, decision(user, Decision.HIDE, reason="x"))
    assert state(ctx) is ModerationState.VISIBLE


async def test_closed_communities_are_not_found_for_outside_managers(ctx):
    with pytest.raises(NotFound):
        await FakeUnitOfWork(ctx).handle(handlers.decide, decision("op", Decision.HIDE, "closed", reason="x",
                                                                   operator=True))


async def test_operators_moderate_platform_news(ctx):
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.report_content, rep("anyone", None, ContentKind.NEWS, "desk-news", threshold=1))
    assert ctx.moderated.store.rows["news:desk-news"].moderation.state is ModerationState.HIDDEN_PENDING_REVIEW
    with pytest.raises(Forbidden):
        await uow.handle(handlers.decide, decision("anyone", Decision.RESTORE, None, ContentKind.NEWS, "desk-news"))
    done = await uow.handle(handlers.decide, decision("op", Decision.RESTORE, None, ContentKind.NEWS, "desk-news",
                                                      operator=True))
    assert done.moderation.visible and ctx.published[-1].community_id is None


async def test_the_reports_of_content_deleted_for_good_are_dismissed(ctx):
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.report_content, rep("m1", kind=ContentKind.NEWS))
    del ctx.moderated.store.rows["news:open-news"]
    with pytest.raises(NotFound):  # nothing to hide
        await uow.handle(handlers.decide, decision("mod", Decision.HIDE, kind=ContentKind.NEWS, reason="x"))
    done = await uow.handle(handlers.decide, decision("mod", Decision.RESTORE, kind=ContentKind.NEWS))
    assert done.moderation is None and done.closed_reports == 1
    with pytest.raises(NotFound):  # and once dismissed, there is nothing left
        await uow.handle(handlers.decide, decision("mod", Decision.RESTORE, kind=ContentKind.NEWS))
