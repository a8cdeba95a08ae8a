"""HTTP request and response bodies of consultations."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from servicekit.ids import new_id
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain import consultations as domain
from communities.domain.consultations import (
    Consultation,
    ConsultationPhase,
    ConsultationResponse,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
    Results,
)
from communities.entrypoints.rendering import render_markdown

LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
AnswerText = Annotated[StrictStr, StringConstraints(max_length=domain.LONG_TEXT_MAX * 2)]
AnswerValue = AnswerText | list[Annotated[StrictStr, StringConstraints(max_length=40)]] | StrictInt | None


def _short_id() -> str:
    return new_id().replace("-", "")[-12:]  # the random end (the start is the clock)


class OptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: LocalId | None = Field(default=None, description="kept when given (editing); made up when absent")
    label: SingleLineText = Field(min_length=1, max_length=domain.OPTION_MAX)


class QuestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: LocalId | None = Field(default=None, description="kept when given (editing); made up when absent")
    kind: QuestionKind
    prompt: SingleLineText = Field(min_length=1, max_length=domain.PROMPT_MAX)
    required: bool = False
    options: list[OptionIn] = Field(default=[], max_length=domain.MAX_OPTIONS,
                                    description="single and multiple choice only")
    min_selections: int | None = Field(default=None, ge=0, description="multiple choice only")
    max_selections: int | None = Field(default=None, ge=1, description="multiple choice only")

    def to_domain(self) -> Question:
        return Question(id=self.id or _short_id(), kind=self.kind, prompt=self.prompt, required=self.required,
                        options=tuple(Option(o.id or _short_id(), o.label) for o in self.options),
                        min_selections=self.min_selections, max_selections=self.max_selections)


Questions = list[QuestionIn]


class ConsultationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText = Field(min_length=1, max_length=domain.TITLE_MAX)
    description: MultiLineText = Field(default="", max_length=domain.DESCRIPTION_MAX, description="Markdown")
    questions: Questions = Field(default=[], max_length=domain.MAX_QUESTIONS)
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    anonymous: bool = Field(default=False, description="responses (and the export) carry no identity")
    results_public_after_close: bool = Field(default=False, description="participants see the results once closed")
    publish: bool = Field(default=False, description="publish at once (else a draft only managers see)")


class ConsultationPatch(BaseModel):
    """Only what changes. Once open, only closes_at (later) and results_public_after_close."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=1, max_length=domain.TITLE_MAX)
    description: MultiLineText | None = Field(default=None, max_length=domain.DESCRIPTION_MAX)
    questions: Questions | None = Field(default=None, max_length=domain.MAX_QUESTIONS)
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None
    anonymous: bool | None = None
    results_public_after_close: bool | None = None

    def changes(self) -> dict:
        changes = self.model_dump(exclude_unset=True, exclude={"questions"})
        if self.questions is not None:
            changes["questions"] = [q.to_domain() for q in self.questions]
        return changes


class OptionOut(BaseModel):
    id: str
    label: str


class QuestionOut(BaseModel):
    id: str
    kind: QuestionKind
    prompt: str
    required: bool
    options: list[OptionOut]
    min_selections: int | None
    max_selections: int | None

    @classmethod
    def of(cls, q: Question) -> QuestionOut:
        return cls(id=q.id, kind=q.kind, prompt=q.prompt, required=q.required,
                   options=[OptionOut(id=o.id, label=o.label) for o in q.options],
                   min_selections=q.min_selections, max_selections=q.max_selections)


class ConsultationOut(BaseModel):
    id: str
    community_id: str | None
    author_id: str
    title: str
    description: str
    description_html: str = Field(description="the description rendered and sanitised on the server")
    questions: list[QuestionOut]
    opens_at: datetime
    closes_at: datetime
    anonymous: bool
    results_public_after_close: bool
    status: ConsultationStatus
    phase: ConsultationPhase = Field(description="draft, upcoming, open or closed, now")
    version: int
    created_at: datetime
    updated_at: datetime
    response_count: int | None = Field(default=None, description="managers only")
    answered: bool = Field(default=False, description="the caller has a response")
    can_manage: bool = False
    can_answer: bool = Field(default=False, description="open, and the caller may take part")
    results_available: bool = Field(default=False, description="the caller may see the results now")

    @classmethod
    def of(cls, c: Consultation, *, now: datetime, can_manage: bool, can_participate: bool, answered: bool,
           results_available: bool, response_count: int | None) -> ConsultationOut:
        phase = c.phase(now)
        return cls(id=c.id, community_id=c.community_id, author_id=c.author_id, title=c.title,
                   description=c.description, description_html=render_markdown(c.description),
                   questions=[QuestionOut.of(q) for q in c.questions], opens_at=c.opens_at, closes_at=c.closes_at,
                   anonymous=c.anonymous, results_public_after_close=c.results_public_after_close, status=c.status,
                   phase=phase, version=c.version, created_at=c.created_at, updated_at=c.updated_at,
                   response_count=response_count if can_manage else None, answered=answered, can_manage=can_manage,
                   can_answer=can_participate and phase is ConsultationPhase.OPEN,
                   results_available=results_available)


class ResponseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[LocalId, AnswerValue] = Field(
        max_length=domain.MAX_QUESTIONS,
        description="question id → option id (single choice), option ids (multiple), 1–5 (scale), text")


class ResponseOut(BaseModel):
    consultation_id: str
    answers: dict[str, AnswerValue]
    submitted_at: datetime | None = Field(default=None, description="none for an anonymous consultation")
    updated_at: datetime | None = None
    version: int

    @classmethod
    def of(cls, r: ConsultationResponse) -> ResponseOut:
        return cls(consultation_id=r.consultation_id, answers=dict(r.answers), submitted_at=r.submitted_at,
                   updated_at=r.updated_at, version=r.version)


class OptionCount(BaseModel):
    id: str
    label: str
    count: int


class ScaleCount(BaseModel):
    value: int
    count: int


class QuestionResultOut(BaseModel):
    question_id: str
    kind: QuestionKind
    prompt: str
    answered: int = Field(description="how many responses answer this question")
    options: list[OptionCount] = Field(default=[], description="choice questions: how many chose each option")
    distribution: list[ScaleCount] = Field(default=[], description="scale: how many chose each value")
    mean: float | None = Field(default=None, description="scale: the mean, two decimals")
    texts: list[str] = Field(default=[], description="text questions: the answers")


class ResultsOut(BaseModel):
    consultation_id: str
    responses: int
    questions: list[QuestionResultOut]

    @classmethod
    def of(cls, c: Consultation, results: Results) -> ResultsOut:
        out = []
        for q, r in zip(c.questions, results.questions, strict=True):
            out.append(QuestionResultOut(
                question_id=q.id, kind=q.kind, prompt=q.prompt, answered=r.answered,
                options=[OptionCount(id=o.id, label=o.label, count=r.counts.get(o.id, 0)) for o in q.options],
                distribution=[ScaleCount(value=v, count=n) for v, n in r.distribution.items()],
                mean=r.mean, texts=r.texts))
        return cls(consultation_id=c.id, responses=results.responses, questions=out)
