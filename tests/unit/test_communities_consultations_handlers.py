"""The consultations service layer with in-memory repositories: the scope checked in the
transaction, one response per member (edited in place until closing), drafts hidden from
non-managers, and the scheduler announcing openings and closings once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from communities.domain import consultations as domain
from communities.domain.access import Actor
from communities.domain.consultations import (
    AnswersInvalid,
    Consultation,
    ConsultationResponse,
    Option,
    Question,
    QuestionKind,
)
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.service_layer import consultations as handlers
from contracts.events import (
    CommunityVisibility,
    ConsultationClosed,
    ConsultationOpened,
    MembershipRole,
    MembershipStatus,
)
from servicekit.exceptions import Forbidden, NotFound, PreconditionFailed

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)
SECRET = b"test-secret"
QUESTIONS = [
    Question("pick", QuestionKind.MULTIPLE_CHOICE, "Priorities?", required=True,
             options=(Option("a", "A"), Option("b", "B"), Option("c", "C")), min_selections=1, max_selections=2),
    Question("score", QuestionKind.SCALE, "Useful?"),
]


class FakeConsultations:
    def __init__(self) -> None:
        self.store: FakeStore[Consultation] = FakeStore()

    async def add(self, c: Consultation) -> None:
        self.store.insert(c)

    async def get(self, consultation_id: str) -> Consultation | None:
        return self.store.rows.get(consultation_id)

    async def save(self, c: Consultation) -> None:
        self.store.replace_versioned(c)

    async def delete(self, consultation_id: str) -> None:
        self.store.rows.pop(consultation_id, None)

    async def due_openings(self, now: datetime, limit: int) -> list[str]:
        return [c.id for c in self.store.where(lambda c: c.status is domain.ConsultationStatus.PUBLISHED
                                                and not c.opened_announced and c.opens_at <= now < c.closes_at)]

    async def due_closings(self, now: datetime, limit: int) -> list[str]:
        return [c.id for c in self.store.where(lambda c: c.status is domain.ConsultationStatus.PUBLISHED
                                                and not c.closed_announced and c.closes_at <= now)]


class FakeResponses:
    def __init__(self) -> None:
        self.store: FakeStore[ConsultationResponse] = FakeStore()

    async def get(self, consultation_id: str, key: str) -> ConsultationResponse | None:
        return self.store.rows.get(f"{consultation_id}:{key}")

    async def put(self, r: ConsultationResponse) -> None:
        if r.version == 1:
            self.store.insert(r)
        else:
            self.store.replace_versioned(r)

    async def respondent_ids(self, consultation_id: str) -> list[str]:
        return [r.respondent_id for r in self.store.where(lambda r: r.consultation_id == consultation_id)
                if r.respondent_id]

    async def delete_all(self, consultation_id: str) -> int:
        gone = [k for k, r in self.store.rows.items() if r.consultation_id == consultation_id]
        for k in gone:
            del self.store.rows[k]
        return len(gone)


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    consultations: FakeConsultations
    consultation_responses: FakeResponses


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility in (("open", CommunityVisibility.PUBLIC), ("closed", CommunityVisibility.CLOSED)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW))
        for user, role in (("owner", MembershipRole.OWNER), ("member", MembershipRole.MEMBER),
                           ("other", MembershipRole.MEMBER)):
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=MembershipStatus.ACTIVE, since=NOW))
    return ctx


def create(community_id: str | None = "open", user: str = "owner", operator: bool = False,
           **overrides) -> handlers.CreateConsultation:
    fields = {"consultation_id": f"c-{len(overrides)}-{community_id}", "title": "S3 priorities", "description": "Tell us",
                  "questions": QUESTIONS, "opens_at": NOW - timedelta(minutes=5), "closes_at": NOW + timedelta(days=3),
                  "publish": True}
    fields.update(overrides)
    return handlers.CreateConsultation(community_id=community_id, actor=Actor(user, operator), **fields)


def answer(c: Consultation, user: str, answers: dict) -> handlers.Answer:
    return handlers.Answer(community_id=c.community_id, consultation_id=c.id, actor=Actor(user),
                           key=domain.respondent_key(SECRET, c.id, user), answers=answers)


async def test_a_manager_opens_a_consultation_at_once(ctx):
    c = await FakeUnitOfWork(ctx).handle(handlers.create_consultation, create())
    assert c.version == 1 and c.status is domain.ConsultationStatus.PUBLISHED
    [event] = ctx.published
    assert isinstance(event, ConsultationOpened) and event.community_id == "open"


@pytest.mark.parametrize("community_id, user, operator, error", [
    ("open", "member", False, Forbidden), ("closed", "stranger", False, NotFound),
    ("missing", "owner", False, NotFound), (None, "member", False, Forbidden), ("open", "op", True, Forbidden)])
async def test_only_managers_of_the_scope_create(ctx, community_id, user, operator, error):
    with pytest.raises(error):
        await FakeUnitOfWork(ctx).handle(handlers.create_consultation, create(community_id, user, operator))
    assert ctx.consultations.store.rows == {}


async def test_one_response_per_member_edited_until_closing(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create())
    await uow.handle(handlers.answer, answer(c, "member", {"pick": ["a"], "score": 3}))
    _, edited = await uow.handle(handlers.answer, answer(c, "member", {"pick": ["b", "c"]}))
    await uow.handle(handlers.answer, answer(c, "other", {"pick": ["a"]}))
    assert len(ctx.consultation_responses.store.rows) == 2
    assert edited.version == 2 and edited.answers == {"pick": ["b", "c"]} and edited.respondent_id == "member"
    closed = await uow.handle(handlers.close_consultation, handlers.ConsultationAction("open", c.id, Actor("owner")))
    event = ctx.published[-1]
    assert isinstance(event, ConsultationClosed) and closed.version == c.version + 1
    with pytest.raises(CommunityRuleViolation, match="closed"):
        await uow.handle(handlers.answer, answer(c, "member", {"pick": ["a"]}))
    assert ctx.consultation_responses.store.rows[edited.id].answers == {"pick": ["b", "c"]}


async def test_answers_are_checked_and_nothing_is_stored_when_wrong(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create())
    with pytest.raises(AnswersInvalid) as caught:
        await uow.handle(handlers.answer, answer(c, "member", {"pick": ["a", "b", "c"], "score": 9}))
    assert {e["question_id"] for e in caught.value.errors} == {"pick", "score"}
    with pytest.raises(AnswersInvalid):
        await uow.handle(handlers.answer, answer(c, "member", {"score": 2}))  # required question missing
    assert ctx.consultation_responses.store.rows == {}


async def test_non_members_do_not_answer(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create())
    with pytest.raises(Forbidden):
        await uow.handle(handlers.answer, answer(c, "stranger", {"pick": ["a"]}))
    hidden = await uow.handle(handlers.create_consultation, create("closed"))
    with pytest.raises(NotFound):
        await uow.handle(handlers.answer, answer(hidden, "stranger", {"pick": ["a"]}))


async def test_anonymous_responses_keep_no_identity_but_stay_editable(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create(None, "op", True, anonymous=True,
                                                              results_public_after_close=True))
    await uow.handle(handlers.answer, answer(c, "anyone", {"pick": ["a"]}))
    _, again = await uow.handle(handlers.answer, answer(c, "anyone", {"pick": ["b"]}))
    [stored] = ctx.consultation_responses.store.rows.values()
    assert stored is again and stored.respondent_id is None and stored.submitted_at is None and stored.version == 2
    assert "anyone" not in stored.id
    await uow.handle(handlers.close_consultation, handlers.ConsultationAction(None, c.id, Actor("op", True)))
    assert ctx.published[-1].participant_ids == [] and ctx.published[-1].results_public


async def test_drafts_are_the_managers_and_frozen_once_open(ctx):
    uow = FakeUnitOfWork(ctx)
    draft = await uow.handle(handlers.create_consultation, create(publish=False))
    with pytest.raises(NotFound):
        await uow.handle(handlers.answer, answer(draft, "member", {"pick": ["a"]}))
    edit = handlers.ReviseConsultation("open", draft.id, Actor("owner"), expected_version=draft.version,
                                       changes={"title": "S3 priorities 2027"})
    revised = await uow.handle(handlers.revise_consultation, edit)
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.revise_consultation, edit)  # stale version
    published = await uow.handle(handlers.publish_consultation,
                                 handlers.ConsultationAction("open", draft.id, Actor("owner"), revised.version))
    with pytest.raises(CommunityRuleViolation, match="frozen"):
        await uow.handle(handlers.revise_consultation, handlers.ReviseConsultation(
            "open", draft.id, Actor("owner"), published.version, {"questions": QUESTIONS[:1]}))
    with pytest.raises(CommunityRuleViolation):
        await uow.handle(handlers.delete_consultation, handlers.ConsultationAction("open", draft.id, Actor("owner")))


async def test_the_scheduler_opens_and_closes_once(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create(
        opens_at=NOW + timedelta(hours=1), closes_at=NOW + timedelta(hours=2), results_public_after_close=True))
    assert ctx.published == []
    assert await handlers.run_due(uow, NOW) == 0
    assert await handlers.run_due(uow, NOW + timedelta(hours=1)) == 1
    assert await handlers.run_due(uow, NOW + timedelta(hours=1, minutes=5)) == 0
    ctx.consultation_responses.store.insert(ConsultationResponse(c.id, "k", {"pick": ["a"]}, respondent_id="member"))
    assert await handlers.run_due(uow, NOW + timedelta(hours=3)) == 1
    assert await handlers.run_due(uow, NOW + timedelta(hours=4)) == 0
    opened, closed = ctx.published
    assert isinstance(opened, ConsultationOpened) and isinstance(closed, ConsultationClosed)
    assert closed.participant_ids == ["member"]


async def test_a_consultation_that_opened_and_closed_unseen_announces_only_its_closing(ctx):
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.create_consultation, create(
        opens_at=NOW + timedelta(hours=1), closes_at=NOW + timedelta(hours=2)))
    assert await handlers.run_due(uow, NOW + timedelta(days=1)) == 1
    [closed] = ctx.published
    assert isinstance(closed, ConsultationClosed) and not closed.results_public and closed.participant_ids == []


async def test_deleting_an_upcoming_consultation(ctx):
    uow = FakeUnitOfWork(ctx)
    c = await uow.handle(handlers.create_consultation, create(opens_at=NOW + timedelta(hours=1)))
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.delete_consultation, handlers.ConsultationAction("open", c.id, Actor("member")))
    await uow.handle(handlers.delete_consultation, handlers.ConsultationAction("open", c.id, Actor("owner")))
    assert ctx.consultations.store.rows == {}
