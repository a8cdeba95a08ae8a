"""Consultations' domain rules: questions of each kind, answers checked against them (with
which question is wrong), the phases, frozen questions once open, results and the export."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from communities.domain import consultations as domain
from communities.domain.access import Actor, Scope
from communities.domain.consultations import (
    AnswersInvalid,
    ConsultationPhase,
    ConsultationResponse,
    Option,
    Question,
    QuestionKind,
)
from communities.domain.model import CommunityRuleViolation, NotAllowed
from contracts.events import ConsultationClosed, ConsultationOpened

NOW = datetime.now(UTC).replace(microsecond=0)
OPERATOR = Scope(actor=Actor("op", operator=True))
SOMEONE = Scope(actor=Actor("someone"))
OPTS = (Option("a", "Aerospace"), Option("b", "Agrifood"), Option("c", "=Health"))
QUESTIONS = (
    Question("single", QuestionKind.SINGLE_CHOICE, "Your sector?", required=True, options=OPTS),
    Question("multi", QuestionKind.MULTIPLE_CHOICE, "Priorities?", options=OPTS, min_selections=1,
             max_selections=2),
    Question("scale", QuestionKind.SCALE, "How useful?", required=True),
    Question("short", QuestionKind.SHORT_TEXT, "One word?"),
    Question("long", QuestionKind.LONG_TEXT, "Tell us more"),
)


def consultation(**overrides) -> domain.Consultation:
    fields = {"consultation_id": "c1", "title": "S3 2027", "description": "What should the **Region** fund?",
                  "questions": QUESTIONS, "opens_at": NOW - timedelta(hours=1), "closes_at": NOW + timedelta(days=7)}
    fields.update(overrides)
    c = domain.create(OPERATOR, now=NOW - timedelta(days=1), **fields)
    c, _ = c.publish(OPERATOR, now=NOW - timedelta(days=1))
    return c


def good(**overrides) -> dict:
    answers = {"single": "a", "multi": ["b", "a"], "scale": 4, "short": "Space", "long": ""}
    answers.update(overrides)
    return answers


def test_only_managers_create():
    with pytest.raises(NotAllowed):
        domain.create(SOMEONE, consultation_id="x", title="T", description="", questions=QUESTIONS,
                      opens_at=NOW, closes_at=NOW + timedelta(days=1))


@pytest.mark.parametrize("question", [
    Question("q", QuestionKind.SINGLE_CHOICE, "One option?", options=(Option("a", "A"),)),
    Question("q", QuestionKind.MULTIPLE_CHOICE, "Min above max", options=OPTS, min_selections=3, max_selections=2),
    Question("q", QuestionKind.MULTIPLE_CHOICE, "Max above options", options=OPTS, max_selections=4),
    Question("q", QuestionKind.SCALE, "Scale with options", options=OPTS),
    Question("q", QuestionKind.SHORT_TEXT, "Text with a max", max_selections=1),
    Question("q", QuestionKind.SCALE, "   "),
])
def test_questions_are_checked(question):
    with pytest.raises(CommunityRuleViolation):
        consultation(questions=(question,))


def test_closing_must_follow_opening():
    with pytest.raises(CommunityRuleViolation):
        consultation(closes_at=NOW - timedelta(hours=2))


def test_good_answers_are_kept_in_the_questions_order():
    cleaned = domain.check_answers(consultation(), good())
    assert cleaned == {"single": "a", "multi": ["a", "b"], "scale": 4, "short": "Space"}


@pytest.mark.parametrize("answers, wrong", [
    ({"multi": ["a"], "scale": 3}, ["single"]),  # required single choice missing
    (good(scale=None), ["scale"]),  # required scale missing
    (good(single="z"), ["single"]),
    (good(multi=["a", "b", "c"]), ["multi"]),  # above max
    (good(multi=["z"]), ["multi"]),
    (good(scale=6), ["scale"]),
    (good(scale=True), ["scale"]),
    (good(scale="4"), ["scale"]),
    (good(short="x" * 281), ["short"]),
    (good(long="x" * 5001), ["long"]),
    ({**good(), "nope": 1}, ["nope"]),
    (good(single=None, scale=0), ["single", "scale"]),
])
def test_answers_that_do_not_fit_say_which_question(answers, wrong):
    with pytest.raises(AnswersInvalid) as caught:
        domain.check_answers(consultation(), answers)
    assert sorted(e["question_id"] for e in caught.value.errors) == sorted(wrong)
    assert caught.value.extra["errors"] == caught.value.errors


def test_a_minimum_applies_to_an_answered_optional_question():
    question = Question("m", QuestionKind.MULTIPLE_CHOICE, "Two at least", options=OPTS, min_selections=2)
    c = consultation(questions=(question,))
    assert domain.check_answers(c, {}) == {}
    with pytest.raises(AnswersInvalid):
        domain.check_answers(c, {"m": ["a"]})
    assert domain.check_answers(c, {"m": ["c", "a"]}) == {"m": ["a", "c"]}


def test_text_limits_are_on_the_trimmed_text():
    c = consultation()
    assert domain.check_answers(c, good(short="  " + "x" * 280 + "  "))["short"] == "x" * 280


def test_phases():
    c = consultation(opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=2))
    assert c.phase(NOW) is ConsultationPhase.UPCOMING
    assert c.phase(NOW + timedelta(days=1)) is ConsultationPhase.OPEN
    assert c.phase(NOW + timedelta(days=2)) is ConsultationPhase.CLOSED
    draft = domain.create(OPERATOR, consultation_id="d", title="T", description="", questions=QUESTIONS,
                          opens_at=NOW, closes_at=NOW + timedelta(days=1))
    assert draft.phase(NOW) is ConsultationPhase.DRAFT
    assert not draft.readable_by(SOMEONE) and draft.readable_by(OPERATOR)


def test_editable_until_it_opens_then_questions_are_frozen():
    upcoming = consultation(opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=2))
    revised = upcoming.revise(OPERATOR, now=NOW, title="S3 2028", questions=QUESTIONS[:2])
    assert revised.title == "S3 2028" and len(revised.questions) == 2 and revised.version == upcoming.version + 1
    opened = consultation()
    with pytest.raises(CommunityRuleViolation, match="frozen"):
        opened.revise(OPERATOR, now=NOW, questions=QUESTIONS[:1])
    with pytest.raises(CommunityRuleViolation, match="frozen"):
        opened.revise(OPERATOR, now=NOW, anonymous=True)
    later = opened.revise(OPERATOR, now=NOW, closes_at=NOW + timedelta(days=30), results_public_after_close=True)
    assert later.results_public_after_close and later.closes_at == NOW + timedelta(days=30)
    with pytest.raises(NotAllowed):
        upcoming.revise(SOMEONE, now=NOW, title="Mine")


def test_publishing_now_announces_the_opening_once():
    draft = domain.create(OPERATOR, consultation_id="c9", title="T", description="D", questions=QUESTIONS,
                          opens_at=NOW - timedelta(minutes=1), closes_at=NOW + timedelta(days=1))
    published, events = draft.publish(OPERATOR, now=NOW)
    [opened] = events
    assert isinstance(opened, ConsultationOpened) and opened.community_id is None and opened.summary == "D"
    assert opened.opened_by == OPERATOR.actor.user_id  # not told of their own consultation
    assert published.announce_opening(OPERATOR, NOW) == (published, [])


def test_closing_is_announced_once_with_the_participants_when_results_go_public():
    c = consultation(results_public_after_close=True)
    after = NOW + timedelta(days=8)
    told, [closed] = c.announce_closing(OPERATOR, after, ["u2", "u1"])
    assert isinstance(closed, ConsultationClosed) and closed.results_public and closed.participant_ids == ["u1", "u2"]
    assert told.announce_closing(OPERATOR, after, ["u1"]) == (told, [])
    anonymous = consultation(results_public_after_close=True, anonymous=True)
    _, [event] = anonymous.announce_closing(OPERATOR, after, [])
    assert event.participant_ids == []
    assert c.announce_closing(OPERATOR, NOW, ["u1"]) == (c, [])  # still open


def test_answering_only_while_open():
    member = Scope(actor=Actor("u1"))  # platform-wide: everyone signed in takes part
    upcoming = consultation(opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=2))
    with pytest.raises(CommunityRuleViolation, match="not open yet"):
        domain.answer(upcoming, member, key="k", answers=good(), previous=None, now=NOW)
    c = consultation()
    first = domain.answer(c, member, key="k", answers=good(), previous=None, now=NOW)
    assert first.respondent_id == "u1" and first.version == 1 and first.submitted_at == NOW
    edited = domain.answer(c, member, key="k", answers=good(scale=1), previous=first, now=NOW + timedelta(hours=1))
    assert edited.version == 2 and edited.answers["scale"] == 1 and edited.submitted_at == NOW
    assert edited.updated_at == NOW + timedelta(hours=1)
    with pytest.raises(CommunityRuleViolation, match="closed"):
        domain.answer(c, member, key="k", answers=good(), previous=edited, now=NOW + timedelta(days=8))


def test_an_anonymous_response_has_no_identity():
    c = consultation(anonymous=True)
    key = domain.respondent_key(b"secret", c.id, "u1")
    r = domain.answer(c, Scope(actor=Actor("u1")), key=key, answers=good(), previous=None, now=NOW)
    assert r.respondent_id is None and r.submitted_at is None and r.updated_at is None
    assert "u1" not in key and key == domain.respondent_key(b"secret", c.id, "u1")
    assert key != domain.respondent_key(b"other", c.id, "u1") != domain.respondent_key(b"secret", "c2", "u1")


def _responses(c) -> list[ConsultationResponse]:
    rows = [good(), good(single="b", multi=["b"], scale=2, short="=SUM(A1)"), good(multi=["a"], scale=5, short="")]
    return [ConsultationResponse(c.id, f"k{i}", domain.check_answers(c, a), respondent_id=f"u{i}",
                                 submitted_at=NOW, updated_at=NOW) for i, a in enumerate(rows)]


def test_results_count_options_and_average_the_scale():
    c = consultation()
    results = domain.tally(c, _responses(c))
    assert results.responses == 3
    single, multi, scale, short, long_ = results.questions
    assert single.counts == {"a": 2, "b": 1, "c": 0} and single.answered == 3
    assert multi.counts == {"a": 2, "b": 2, "c": 0}
    assert scale.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1} and scale.mean == 3.67
    assert short.texts == ["Space", "=SUM(A1)"] and long_.answered == 0 and long_.texts == []


def test_no_responses_no_mean():
    c = consultation()
    assert domain.tally(c, []).questions[2].mean is None


def test_the_export_joins_choices_and_defuses_formulas():
    c = consultation()
    header, first, second, _ = domain.export_rows(c, _responses(c))
    assert header[:3] == ["respondent_id", "submitted_at", "updated_at"] and header[3] == "1. Your sector?"
    assert first[0] == "u0" and first[3:] == ["Aerospace", "Aerospace; Agrifood", "4", "Space", ""]
    assert second[6] == "'=SUM(A1)"
    assert domain.safe_cell("-1") == "'-1" and domain.safe_cell("@x") == "'@x" and domain.safe_cell("+") == "'+"
    assert domain.safe_cell("ok=") == "ok="


def test_the_anonymous_export_carries_no_identity():
    c = consultation(anonymous=True)
    rows = [replace(r, respondent_id=None, submitted_at=None, updated_at=None) for r in _responses(c)]
    header, *body = domain.export_rows(c, rows)
    assert header == [f"{i}. {q.prompt}" for i, q in enumerate(QUESTIONS, start=1)]
    assert all(len(row) == len(QUESTIONS) for row in body)
    multi = [Question("m", QuestionKind.MULTIPLE_CHOICE, "Pick", options=OPTS)]
    c2 = consultation(questions=multi, anonymous=True)
    r = ConsultationResponse(c2.id, "k", {"m": ["c"]})
    assert domain.export_rows(c2, [r])[1] == ["'=Health"]


def test_questions_and_options_sent_without_ids_get_distinct_ones():
    from communities.entrypoints.schemas_consultations import QuestionIn

    sent = [QuestionIn(kind=QuestionKind.SINGLE_CHOICE, prompt=f"Q{i}", options=[{"label": "A"}, {"label": "B"}])
            for i in range(20)]
    questions = [q.to_domain() for q in sent]
    ids = [q.id for q in questions] + [o.id for q in questions for o in q.options]
    assert len(set(ids)) == len(ids)
    consultation(questions=tuple(questions))  # accepted
