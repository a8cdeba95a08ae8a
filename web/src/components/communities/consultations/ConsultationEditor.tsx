/** Opening a consultation or changing one: title, description, opening and closing times (in
 * Italian time, sent in UTC), anonymous, results after closing, and its questions of each kind.
 * Once it has opened, only its closing time and whether results go public can change. */
import { Button, Toggle } from "design-react-kit";
import { type SubmitEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { romeLocalToUtc, utcToRomeLocal } from "../news/romeTime";
import { type Consultation, type ConsultationPatch, type ConsultationScope, createConsultation, KINDS,
  type QuestionKind, reviseConsultation } from "./api";
import { KIND_LABELS } from "./ConsultationParts";
import { freshKey, newQuestion, QuestionEditor, type QuestionDraft, questionProblems,
  toQuestionIn } from "./QuestionEditor";

interface Draft {
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  anonymous: boolean;
  resultsPublic: boolean;
  questions: QuestionDraft[];
}

function draftOf(c: Consultation | null): Draft {
  if (c === null) {
    const now = Date.now();
    return { title: "", description: "", opensAt: utcToRomeLocal(new Date(now).toISOString()),
             closesAt: utcToRomeLocal(new Date(now + 14 * 24 * 3600 * 1000).toISOString()), anonymous: false,
             resultsPublic: false, questions: [] };
  }
  return {
    title: c.title, description: c.description, opensAt: utcToRomeLocal(c.opens_at),
    closesAt: utcToRomeLocal(c.closes_at), anonymous: c.anonymous, resultsPublic: c.results_public_after_close,
    questions: c.questions.map((q) => ({
      key: freshKey(), id: q.id, kind: q.kind, prompt: q.prompt, required: q.required,
      options: q.options.map((o) => ({ key: freshKey(), id: o.id, label: o.label })),
      min: q.min_selections === null ? "" : String(q.min_selections),
      max: q.max_selections === null ? "" : String(q.max_selections),
    })),
  };
}

export function ConsultationEditor({ scope, consultation, headingLevel }: {
  scope: ConsultationScope; consultation: Consultation | null; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(consultation));
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const frozen = consultation !== null && (consultation.phase === "open" || consultation.phase === "closed");
  const Heading = headingLevel;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => { setDraft((d) => ({ ...d, [key]: value })); };

  const opensUtc = romeLocalToUtc(draft.opensAt);
  const closesUtc = romeLocalToUtc(draft.closesAt);
  const titleMissing = draft.title.trim() === "";
  const timesWrong = opensUtc === null || closesUtc === null || new Date(closesUtc) <= new Date(opensUtc);
  const questionsWrong = draft.questions.some((q) => {
    const p = questionProblems(q);
    return p.prompt || p.options || p.range;
  });

  async function save(event: SubmitEvent<HTMLFormElement>, publish: boolean) {
    event.preventDefault();
    setChecked(true);
    const noQuestions = publish && draft.questions.length === 0;
    if (titleMissing || timesWrong || (!frozen && questionsWrong) || noQuestions || !opensUtc || !closesUtc) return;
    setSending(true);
    setProblem(null);
    let outcome;
    if (consultation === null) {
      outcome = await createConsultation(scope, {
        title: draft.title.trim(), description: draft.description.trim(), opens_at: opensUtc, closes_at: closesUtc,
        anonymous: draft.anonymous, results_public_after_close: draft.resultsPublic, publish,
        questions: draft.questions.map(toQuestionIn),
      });
    } else {
      const initial = draftOf(consultation);
      const patch: ConsultationPatch = { results_public_after_close: draft.resultsPublic };
      if (draft.closesAt !== initial.closesAt) patch.closes_at = closesUtc;
      if (!frozen) {
        Object.assign(patch, { title: draft.title.trim(), description: draft.description.trim(),
                               anonymous: draft.anonymous, questions: draft.questions.map(toQuestionIn) });
        if (draft.opensAt !== initial.opensAt) patch.opens_at = opensUtc;
      }
      outcome = await reviseConsultation(scope, consultation, patch);
    }
    setSending(false);
    if (!("data" in outcome)) {
      setProblem(outcome.problem);
      return;
    }
    void navigate(consultation === null ? `../${outcome.data.id}` : "..", { relative: "path", state: { saved: true } });
  }

  const idPrefix = consultation?.id ?? "new";
  const addQuestion = (kind: QuestionKind) => { set("questions", [...draft.questions, newQuestion(kind)]); };
  return (
    <form noValidate aria-labelledby="consultation-editor-title" className="mb-5"
          onSubmit={(event) => {
            const submitter = (event.nativeEvent as unknown as { submitter?: HTMLElement }).submitter;
            void save(event, submitter?.dataset.publish === "true");
          }}>
      <Heading id="consultation-editor-title" className={headingLevel === "h1" ? "mb-5" : "h4 mb-5"}>
        {consultation === null ? t("consultations.editor.newTitle") : t("consultations.editor.editTitle")}
      </Heading>
      {problem !== null && <ProblemAlert problem={problem} />}
      {frozen && <div className="alert alert-info" role="status">{t("consultations.editor.frozen")}</div>}
      <div className="form-group">
        <label htmlFor={`c-title-${idPrefix}`} className="active">{t("consultations.editor.title")}</label>
        <input id={`c-title-${idPrefix}`} type="text" className="form-control" maxLength={200} value={draft.title}
               disabled={frozen} aria-invalid={checked && titleMissing ? true : undefined}
               onChange={(e) => { set("title", e.target.value); }} />
        {checked && titleMissing && <small className="form-text text-danger">{t("consultations.editor.titleMissing")}</small>}
      </div>
      <div className="form-group">
        <label htmlFor={`c-description-${idPrefix}`} className="active">{t("consultations.editor.description")}</label>
        <textarea id={`c-description-${idPrefix}`} className="form-control" rows={4} maxLength={20000}
                  value={draft.description} disabled={frozen} aria-describedby={`c-description-${idPrefix}-hint`}
                  onChange={(e) => { set("description", e.target.value); }} />
        <small id={`c-description-${idPrefix}-hint`} className="form-text">{t("consultations.editor.descriptionHint")}</small>
      </div>
      <div className="row g-3 mb-2">
        <div className="col-12 col-md-6 form-group">
          <label htmlFor={`c-opens-${idPrefix}`} className="active">{t("consultations.editor.opensAt")}</label>
          <input id={`c-opens-${idPrefix}`} type="datetime-local" className="form-control" value={draft.opensAt}
                 disabled={frozen} aria-describedby={`c-times-${idPrefix}-hint`}
                 onChange={(e) => { set("opensAt", e.target.value); }} />
        </div>
        <div className="col-12 col-md-6 form-group">
          <label htmlFor={`c-closes-${idPrefix}`} className="active">{t("consultations.editor.closesAt")}</label>
          <input id={`c-closes-${idPrefix}`} type="datetime-local" className="form-control" value={draft.closesAt}
                 aria-describedby={`c-times-${idPrefix}-hint`} aria-invalid={checked && timesWrong ? true : undefined}
                 onChange={(e) => { set("closesAt", e.target.value); }} />
        </div>
        <small id={`c-times-${idPrefix}-hint`} className="form-text mt-0">
          {checked && timesWrong ? <span className="text-danger">{t("consultations.editor.closesBeforeOpens")}</span>
            : t("consultations.editor.timeHint")}
        </small>
      </div>
      <div className="mb-3">
        <Toggle id={`c-anonymous-${idPrefix}`} label={t("consultations.editor.anonymous")} checked={draft.anonymous}
                disabled={frozen} onChange={(e) => { set("anonymous", e.target.checked); }} />
      </div>
      <div className="mb-4">
        <Toggle id={`c-results-${idPrefix}`} label={t("consultations.editor.resultsPublic")}
                checked={draft.resultsPublic} onChange={(e) => { set("resultsPublic", e.target.checked); }} />
      </div>
      {!frozen && (
        <section aria-labelledby={`c-questions-${idPrefix}`} className="mb-4">
          <h3 id={`c-questions-${idPrefix}`} className="h5">{t("consultations.editor.questions")}</h3>
          {draft.questions.length === 0 && (
            <p className={checked ? "text-danger" : ""}>{t("consultations.editor.noQuestions")}</p>
          )}
          {draft.questions.map((q, i) => (
            <QuestionEditor key={q.key} question={q} n={i + 1} checked={checked}
                            onChange={(changed) => { set("questions", draft.questions.map((x) => (x.key === q.key ? changed : x))); }}
                            onRemove={() => { set("questions", draft.questions.filter((x) => x.key !== q.key)); }} />
          ))}
          <div role="group" aria-label={t("consultations.editor.add")} className="d-flex flex-wrap gap-2 align-items-center">
            <span aria-hidden="true" className="fw-semibold">{t("consultations.editor.add")}</span>
            {KINDS.map((kind) => (
              <Button key={kind} color="primary" outline size="xs" type="button" data-add-kind={kind}
                      onClick={() => { addQuestion(kind); }}>
                {t(KIND_LABELS[kind])}
              </Button>
            ))}
          </div>
        </section>
      )}
      <div className="d-flex flex-wrap gap-2">
        {consultation === null ? (
          <>
            <Button color="primary" type="submit" data-publish="true" disabled={sending}>
              {t("consultations.editor.saveAndPublish")}
            </Button>
            <Button color="primary" outline type="submit" data-publish="false" disabled={sending}>
              {t("consultations.editor.saveDraft")}
            </Button>
          </>
        ) : (
          <Button color="primary" type="submit" data-publish="false" disabled={sending}>
            {t("consultations.editor.save")}
          </Button>
        )}
        <Button color="secondary" outline type="button" disabled={sending}
                onClick={() => { void navigate("..", { relative: "path" }); }}>
          {t("consultations.editor.cancel")}
        </Button>
      </div>
      {sending && <p role="status" className="mt-2">{t("consultations.editor.saving")}</p>}
    </form>
  );
}
