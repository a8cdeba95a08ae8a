"""S3 consultations: the Region (or a community's managers) asks its ecosystem questions.
Pure: no I/O.

- Written by a community's managers, or platform-wide by platform operators
  (`Scope.can_manage`). A consultation is a DRAFT (managers only) until it is published;
  published, it is *upcoming* until `opens_at`, *open* until `closes_at`, then *closed*.
  Readers' views decide the phase at query time; the scheduler only announces
  (ConsultationOpened once, ConsultationClosed once; the consultation remembers).
- Everything can change until it opens; once open its questions are frozen (only the closing
  time, moved later, and whether results go public after closing may change).
- Questions: single choice, multiple choice (min/max selections), scale 1–5, short text
  (≤ 280), long text (≤ 5000); each required or optional.
- One response per participant (`Scope.can_participate`), changed as often as they like
  until closing: responses are keyed by (consultation, respondent key), the key an HMAC of
  the user id under a server secret. An anonymous consultation's responses carry only that
  key: no user id, no times; the export has no identity column.
- Results (counts per option, scale distribution and mean, text answers): managers at any
  time; participants once closed, if `results_public_after_close`."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from contracts.events import ConsultationClosed, ConsultationOpened
from servicekit.exceptions import Invalid

from communities.domain.access import Scope
from communities.domain.discussion import plain_excerpt
from communities.domain.model import CommunityRuleViolation, NotAllowed

TITLE_MAX = 200
DESCRIPTION_MAX = 20000
PROMPT_MAX = 500
OPTION_MAX = 200
MAX_QUESTIONS = 50
MAX_OPTIONS = 30
SHORT_TEXT_MAX = 280
LONG_TEXT_MAX = 5000
SCALE = (1, 2, 3, 4, 5)
MULTI_SEPARATOR = "; "
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class QuestionKind(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
TEXT_LIMITS = {QuestionKind.SHORT_TEXT: SHORT_TEXT_MAX, QuestionKind.LONG_TEXT: LONG_TEXT_MAX}


class ConsultationStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ConsultationPhase(StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise CommunityRuleViolation("A time needs its offset from UTC.")
    at = at.astimezone(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


class BadAnswer(Exception):
    """One answer does not fit its question (collected into AnswersInvalid)."""


class AnswersInvalid(Invalid):
    """422: which questions, and what is wrong with each (`errors`: question_id, msg)."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        names = ", ".join(e["question_id"] for e in errors)
        super().__init__(f"Some answers do not fit their questions: {names}.", extra={"errors": errors})
        self.errors = errors


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: str
    required: bool = False
    options: tuple[Option, ...] = ()
    min_selections: int | None = None  # multiple choice only
    max_selections: int | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def check(self) -> None:
        where = f"Question {self.id}"
        if not self.prompt.strip():
            raise CommunityRuleViolation(f"{where} needs its text.")
        if len(self.prompt) > PROMPT_MAX:
            raise CommunityRuleViolation(f"{where}: a question has at most {PROMPT_MAX} characters.")
        if self.kind in CHOICE_KINDS:
            if len(self.options) < 2:
                raise CommunityRuleViolation(f"{where} needs at least two options.")
            if len(self.options) > MAX_OPTIONS:
                raise CommunityRuleViolation(f"{where}: at most {MAX_OPTIONS} options.")
            if len({o.id for o in self.options}) != len(self.options):
                raise CommunityRuleViolation(f"{where}: two options share an id.")
            for o in self.options:
                if not o.label.strip() or len(o.label) > OPTION_MAX:
                    raise CommunityRuleViolation(f"{where}: an option needs a label of at most {OPTION_MAX} "
                                                 "characters.")
        elif self.options:
            raise CommunityRuleViolation(f"{where}: only choice questions have options.")
        if self.kind is QuestionKind.MULTIPLE_CHOICE:
            low, high = self.min_selections, self.max_selections
            if low is not None and not 0 <= low <= len(self.options):
                raise CommunityRuleViolation(f"{where}: the minimum must be between 0 and the number of options.")
            if high is not None and not 1 <= high <= len(self.options):
                raise CommunityRuleViolation(f"{where}: the maximum must be between 1 and the number of options.")
            if low is not None and high is not None and low > high:
                raise CommunityRuleViolation(f"{where}: the minimum is above the maximum.")
        elif self.min_selections is not None or self.max_selections is not None:
            raise CommunityRuleViolation(f"{where}: only multiple choice questions have a minimum or maximum.")

    # -- answers ---------------------------------------------------------------------------
    def clean(self, value: Any) -> Any:
        """The answer as stored (None: not answered), or BadAnswer saying what is wrong."""
        if value is None or value == "" or value == []:
            if self.required:
                raise BadAnswer("This question needs an answer.")
            return None
        if self.kind is QuestionKind.SINGLE_CHOICE:
            if not isinstance(value, str) or self.option(value) is None:
                raise BadAnswer("Choose one of the options.")
            return value
        if self.kind is QuestionKind.MULTIPLE_CHOICE:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BadAnswer("Choose among the options.")
            chosen = list(dict.fromkeys(value))
            if any(self.option(v) is None for v in chosen):
                raise BadAnswer("Choose among the options.")
            if self.min_selections is not None and len(chosen) < self.min_selections:
                raise BadAnswer(f"Choose at least {self.min_selections}.")
            if self.max_selections is not None and len(chosen) > self.max_selections:
                raise BadAnswer(f"Choose at most {self.max_selections}.")
            return [o.id for o in self.options if o.id in chosen]  # in the question's order
        if self.kind is QuestionKind.SCALE:
            if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
                raise BadAnswer("Choose a value from 1 to 5.")
            return value
        if not isinstance(value, str):
            raise BadAnswer("Write a text.")
        text = value.strip()
        if not text:
            if self.required:
                raise BadAnswer("This question needs an answer.")
            return None
        limit = TEXT_LIMITS[self.kind]
        if len(text) > limit:
            raise BadAnswer(f"At most {limit} characters.")
        return text

    def display(self, value: Any) -> str:
        """An answer as the export shows it: option labels, the number, the text."""
        if value is None:
            return ""
        if self.kind is QuestionKind.SINGLE_CHOICE:
            option = self.option(value)
            return option.label if option else ""
        if self.kind is QuestionKind.MULTIPLE_CHOICE:
            return MULTI_SEPARATOR.join(o.label for o in self.options if o.id in value)
        return str(value)


@dataclass(frozen=True)
class Consultation:
    id: str
    community_id: str | None  # None: platform-wide
    author_id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    updated_at: datetime
    anonymous: bool = False
    results_public_after_close: bool = False
    status: ConsultationStatus = ConsultationStatus.DRAFT
    version: int = 1
    opened_announced: bool = False  # ConsultationOpened went out
    closed_announced: bool = False  # ConsultationClosed went out

    # -- what it is now --------------------------------------------------------------------
    def phase(self, now: datetime) -> ConsultationPhase:
        if self.status is ConsultationStatus.DRAFT:
            return ConsultationPhase.DRAFT
        if now < self.opens_at:
            return ConsultationPhase.UPCOMING
        return ConsultationPhase.OPEN if now < self.closes_at else ConsultationPhase.CLOSED

    def has_opened(self, now: datetime) -> bool:
        return self.phase(now) in (ConsultationPhase.OPEN, ConsultationPhase.CLOSED)

    def readable_by(self, scope: Scope) -> bool:
        """Drafts are the managers'; a published one is for whoever reads the scope."""
        if not scope.can_read():
            return False
        return self.status is ConsultationStatus.PUBLISHED or scope.can_manage()

    def results_visible_to(self, scope: Scope, now: datetime) -> bool:
        if scope.can_manage():
            return True
        return (self.results_public_after_close and self.phase(now) is ConsultationPhase.CLOSED
                and scope.can_participate())

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    # -- managers --------------------------------------------------------------------------
    def revise(self, scope: Scope, *, now: datetime | None = None, **changes) -> Consultation:
        """Any of title, description, questions, opens_at, closes_at, anonymous,
        results_public_after_close until it opens; afterwards only closes_at (later, and
        not past) and results_public_after_close."""
        now = now or _now()
        _require_manager(scope, "change a consultation")
        fields = {k: v for k, v in changes.items() if v is not None}
        if self.has_opened(now):
            frozen = set(fields) - {"closes_at", "results_public_after_close"}
            if frozen:
                raise CommunityRuleViolation("The consultation has opened: its questions and settings are frozen "
                                             f"({', '.join(sorted(frozen))}).")
            if "closes_at" in fields:
                if self.phase(now) is ConsultationPhase.CLOSED:
                    raise CommunityRuleViolation("The consultation has closed.")
                if _utc(fields["closes_at"]) <= now:
                    raise CommunityRuleViolation("To close it now, close it; a new closing time must be ahead.")
        for key in ("opens_at", "closes_at"):
            if key in fields:
                fields[key] = _utc(fields[key])
        for key in ("title", "description"):
            if key in fields:
                fields[key] = fields[key].strip()
        if "questions" in fields:
            fields["questions"] = tuple(fields["questions"])
        revised = replace(self, **fields)
        if revised == self:
            return self
        _check(revised)
        return replace(revised, updated_at=now, version=self.version + 1)

    def publish(self, scope: Scope, *, now: datetime | None = None) -> tuple[Consultation, list]:
        """A draft is published: upcoming, or open at once (ConsultationOpened) if its
        opening time has come. Its closing time must still be ahead."""
        now = now or _now()
        _require_manager(scope, "publish a consultation")
        if self.status is not ConsultationStatus.DRAFT:
            raise CommunityRuleViolation("This consultation is already published.")
        _check(self)
        if self.closes_at <= now:
            raise CommunityRuleViolation("Its closing time has passed: move it first.")
        published = replace(self, status=ConsultationStatus.PUBLISHED, updated_at=now)
        told, events = published.announce_opening(scope, now)
        return replace(told, version=self.version + 1), events  # one change, one version

    def close(self, scope: Scope, *, now: datetime | None = None) -> tuple[Consultation, list]:
        """Closes an open consultation now (ConsultationClosed)."""
        now = now or _now()
        _require_manager(scope, "close a consultation")
        if self.phase(now) is not ConsultationPhase.OPEN:
            raise CommunityRuleViolation("Only an open consultation can be closed.")
        closed = replace(self, closes_at=_utc(now), updated_at=now, version=self.version + 1)
        return closed, []  # the caller announces it (it knows the participants): see announce_closing

    def deletable(self, scope: Scope, now: datetime) -> None:
        _require_manager(scope, "delete a consultation")
        if self.has_opened(now):
            raise CommunityRuleViolation("An opened consultation stays, with its responses.")

    # -- the scheduler ---------------------------------------------------------------------
    def announce_opening(self, scope: Scope, now: datetime) -> tuple[Consultation, list]:
        if self.opened_announced or not self.has_opened(now) or self.phase(now) is ConsultationPhase.CLOSED:
            return self, []
        told = replace(self, opened_announced=True, version=self.version + 1)
        return told, [ConsultationOpened(**scope.event_fields(), consultation_id=self.id, title=self.title,
                                         summary=plain_excerpt(self.description), opens_at=self.opens_at,
                                         closes_at=self.closes_at, opened_by=self.author_id)]

    def announce_closing(self, scope: Scope, now: datetime,
                         participant_ids: Iterable[str] = ()) -> tuple[Consultation, list]:
        """Closed: ConsultationClosed once (with who answered, when the results go public and
        the consultation is not anonymous). A consultation that never opened for anyone (a
        draft) announces nothing."""
        if (self.closed_announced or self.status is not ConsultationStatus.PUBLISHED
                or self.phase(now) is not ConsultationPhase.CLOSED):
            return self, []
        told = replace(self, closed_announced=True, opened_announced=True, version=self.version + 1)
        ids = sorted(participant_ids) if self.results_public_after_close and not self.anonymous else []
        return told, [ConsultationClosed(**scope.event_fields(), consultation_id=self.id, title=self.title,
                                         closed_at=self.closes_at, results_public=self.results_public_after_close,
                                         participant_ids=ids)]


def create(scope: Scope, *, consultation_id: str, title: str, description: str, questions: Iterable[Question],
           opens_at: datetime, closes_at: datetime, anonymous: bool = False,
           results_public_after_close: bool = False, now: datetime | None = None) -> Consultation:
    now = now or _now()
    _require_manager(scope, "open a consultation")
    consultation = Consultation(
        id=consultation_id, community_id=scope.community_id, author_id=scope.actor.user_id, title=title.strip(),
        description=description.strip(), questions=tuple(questions), opens_at=_utc(opens_at),
        closes_at=_utc(closes_at), anonymous=anonymous, results_public_after_close=results_public_after_close,
        created_at=now, updated_at=now)
    _check(consultation)
    return consultation


def _require_manager(scope: Scope, action: str) -> None:
    if not scope.can_manage():
        who = "platform operators" if scope.is_platform else "the community's owner and moderators"
        raise NotAllowed(f"Only {who} can {action}.")


def _check(c: Consultation) -> None:
    if not c.title:
        raise CommunityRuleViolation("A consultation needs a title.")
    if len(c.title) > TITLE_MAX:
        raise CommunityRuleViolation(f"A title has at most {TITLE_MAX} characters.")
    if len(c.description) > DESCRIPTION_MAX:
        raise CommunityRuleViolation(f"A description has at most {DESCRIPTION_MAX} characters.")
    if c.closes_at <= c.opens_at:
        raise CommunityRuleViolation("The closing time must come after the opening time.")
    if len(c.questions) > MAX_QUESTIONS:
        raise CommunityRuleViolation(f"At most {MAX_QUESTIONS} questions.")
    if len({q.id for q in c.questions}) != len(c.questions):
        raise CommunityRuleViolation("Two questions share an id.")
    for q in c.questions:
        q.check()
    if c.status is ConsultationStatus.PUBLISHED and not c.questions:
        raise CommunityRuleViolation("A consultation needs at least one question.")


# -- responses ----------------------------------------------------------------------------------
def respondent_key(secret: bytes, consultation_id: str, user_id: str) -> str:
    """Who answered, as only the server can tell: the same user gets the same key (so a
    response can be edited), and nobody holding the database alone can tell whose it is."""
    return hmac.new(secret, f"{consultation_id}\x00{user_id}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ConsultationResponse:
    consultation_id: str
    respondent_key: str
    answers: Mapping[str, Any]  # question id → option id, option ids, 1–5, text
    respondent_id: str | None = None  # None when the consultation is anonymous
    submitted_at: datetime | None = None  # None when anonymous
    updated_at: datetime | None = None
    version: int = 1

    @property
    def id(self) -> str:
        return f"{self.consultation_id}:{self.respondent_key}"


def check_answers(consultation: Consultation, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as stored, or AnswersInvalid naming every question whose answer is wrong
    (unknown questions too)."""
    errors: list[dict[str, str]] = []
    for question_id in answers:
        if consultation.question(question_id) is None:
            errors.append({"question_id": question_id, "msg": "There is no such question."})
    cleaned: dict[str, Any] = {}
    for q in consultation.questions:
        try:
            value = q.clean(answers.get(q.id))
        except BadAnswer as exc:
            errors.append({"question_id": q.id, "msg": str(exc)})
            continue
        if value is not None:
            cleaned[q.id] = value
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def answer(consultation: Consultation, scope: Scope, *, key: str, answers: Mapping[str, Any],
           previous: ConsultationResponse | None, now: datetime | None = None) -> ConsultationResponse:
    """The participant's response, new or changed: only while the consultation is open."""
    now = now or _now()
    if not scope.can_participate():
        raise NotAllowed("Only the community's members can answer.")
    phase = consultation.phase(now)
    if phase is not ConsultationPhase.OPEN:
        raise CommunityRuleViolation("The consultation is not open yet." if phase is ConsultationPhase.UPCOMING
                                     else "The consultation is closed: answers can no longer change.")
    cleaned = check_answers(consultation, answers)
    if consultation.anonymous:
        return ConsultationResponse(consultation_id=consultation.id, respondent_key=key, answers=cleaned,
                                    version=previous.version + 1 if previous else 1)
    return ConsultationResponse(
        consultation_id=consultation.id, respondent_key=key, answers=cleaned, respondent_id=scope.actor.user_id,
        submitted_at=previous.submitted_at if previous and previous.submitted_at else now, updated_at=now,
        version=previous.version + 1 if previous else 1)


# -- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    kind: QuestionKind
    answered: int
    counts: dict[str, int] = field(default_factory=dict)  # option id → how many chose it
    distribution: dict[int, int] = field(default_factory=dict)  # 1–5 → how many
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Results:
    responses: int
    questions: list[QuestionResult]


def tally(consultation: Consultation, responses: Iterable[ConsultationResponse]) -> Results:
    rows = list(responses)
    out: list[QuestionResult] = []
    for q in consultation.questions:
        values = [r.answers[q.id] for r in rows if r.answers.get(q.id) is not None]
        if q.kind in CHOICE_KINDS:
            counts = {o.id: 0 for o in q.options}
            for v in values:
                for option_id in ([v] if isinstance(v, str) else v):
                    if option_id in counts:
                        counts[option_id] += 1
            out.append(QuestionResult(q.id, q.kind, len(values), counts=counts))
        elif q.kind is QuestionKind.SCALE:
            distribution = {n: sum(1 for v in values if v == n) for n in SCALE}
            mean = round(sum(values) / len(values), 2) if values else None
            out.append(QuestionResult(q.id, q.kind, len(values), distribution=distribution, mean=mean))
        else:
            out.append(QuestionResult(q.id, q.kind, len(values), texts=[str(v) for v in values]))
    return Results(responses=len(rows), questions=out)


# -- the export ---------------------------------------------------------------------------------
def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula gets a quote first."""
    return "'" + value if value.startswith(CSV_FORMULA_STARTS) else value


def export_rows(consultation: Consultation, responses: Iterable[ConsultationResponse]) -> list[list[str]]:
    """The header and one row per response, one column per question (multiple choices
    joined by "; "); the respondent and the times only when the consultation is not anonymous."""
    header = [f"{i}. {q.prompt}" for i, q in enumerate(consultation.questions, start=1)]
    if not consultation.anonymous:
        header = ["respondent_id", "submitted_at", "updated_at", *header]
    rows = [[safe_cell(h) for h in header]]
    for r in responses:
        cells = [q.display(r.answers.get(q.id)) for q in consultation.questions]
        if not consultation.anonymous:
            cells = [r.respondent_id or "", _iso(r.submitted_at), _iso(r.updated_at), *cells]
        rows.append([safe_cell(c) for c in cells])
    return rows


def _iso(at: datetime | None) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z") if at else ""
