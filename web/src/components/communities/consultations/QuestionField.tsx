/** One question of the answer form, as the kind of input it asks for: radio buttons, check
 * boxes (with the min/max hint), a 1–5 scale, a short or long text. Required ones are marked. */
import type { MessageKey } from "../../../i18n/messages";
import { useLanguage } from "../../../i18n/language";
import { type AnswerValue, LONG_TEXT_MAX, type Question, SHORT_TEXT_MAX } from "./api";

const SCALE = [1, 2, 3, 4, 5] as const;

/** What the answer's hint says about how many options to choose, if anything. */
export function selectionHint(q: Question): { key: MessageKey; params: Record<string, number> } | null {
  const min = q.min_selections ?? null;
  const max = q.max_selections ?? null;
  if (min !== null && min > 0 && max !== null) return { key: "consultations.answer.chooseBetween", params: { min, max } };
  if (min !== null && min > 0) return { key: "consultations.answer.chooseAtLeast", params: { min } };
  if (max !== null) return { key: "consultations.answer.chooseAtMost", params: { max } };
  return null;
}

/** The reader's language's message for an answer that does not fit, or null if it fits. */
export function answerProblem(q: Question, value: AnswerValue): { key: MessageKey; params?: Record<string, number> } | null {
  const empty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
  if (empty) return q.required ? { key: "consultations.answer.missing" } : null;
  if (q.kind === "multiple_choice" && Array.isArray(value)) {
    const hint = selectionHint(q);
    const min = q.min_selections ?? 0;
    const max = q.max_selections ?? Number.POSITIVE_INFINITY;
    if ((value.length < min || value.length > max) && hint) return hint;
  }
  if (typeof value === "string") {
    const limit = q.kind === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
    if (value.trim().length > limit) return { key: "consultations.answer.tooLong", params: { max: limit } };
  }
  return null;
}

export function QuestionField({ question, n, value, error, onChange }: {
  question: Question; n: number; value: AnswerValue; error: string | null; onChange: (value: AnswerValue) => void;
}) {
  const { t } = useLanguage();
  const q = question;
  const id = `q-${q.id}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hint = q.kind === "multiple_choice" ? selectionHint(q) : null;
  const describedBy = [hint || q.kind === "scale" ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const title = (
    <>
      {n}. {q.prompt}
      {q.required && <><span aria-hidden="true" className="text-danger"> *</span>
        <span className="visually-hidden"> ({t("consultations.answer.required")})</span></>}
    </>
  );
  const errorText = error ? <p id={errorId} className="text-danger small mb-0">{error}</p> : null;

  if (q.kind === "short_text" || q.kind === "long_text") {
    const limit = q.kind === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
    const text = typeof value === "string" ? value : "";
    const common = {
      id, className: "form-control", value: text, maxLength: limit, required: q.required,
      "aria-invalid": error ? true : undefined, "aria-describedby": [`${id}-limit`, error ? errorId : null].filter(Boolean).join(" "),
    };
    return (
      <div className="mb-4" data-question={q.id}>
        <label htmlFor={id} className="form-label fs-6 fw-semibold mb-2 d-block">{title}</label>
        {q.kind === "short_text"
          ? <input type="text" {...common} onChange={(e) => { onChange(e.target.value); }} />
          : <textarea rows={5} {...common} onChange={(e) => { onChange(e.target.value); }} />}
        <small id={`${id}-limit`} className="form-text">{t("consultations.answer.limit", { max: limit, used: text.length })}</small>
        {errorText}
      </div>
    );
  }

  const multiple = q.kind === "multiple_choice";
  const choices = q.kind === "scale"
    ? SCALE.map((v) => ({ key: String(v), label: String(v), value: v }))
    : q.options.map((o) => ({ key: o.id, label: o.label, value: o.id }));
  const chosen = (v: number | string) => multiple ? Array.isArray(value) && value.includes(v as string) : value === v;
  const toggle = (v: number | string, checked: boolean) => {
    if (!multiple) { onChange(v); return; }
    const current = Array.isArray(value) ? value : [];
    onChange(checked ? [...current, v as string] : current.filter((x) => x !== v));
  };
  return (
    <fieldset className="mb-4" data-question={q.id} aria-describedby={describedBy}
              {...(multiple ? { role: "group" } : { role: "radiogroup", "aria-required": q.required })}
              aria-invalid={error ? true : undefined}>
      <legend className="fs-6 fw-semibold mb-2 px-0">{title}</legend>
      {q.kind === "scale" && <p id={hintId} className="small text-muted mb-1">{t("consultations.answer.scaleHint")}</p>}
      {hint && <p id={hintId} className="small text-muted mb-1">{t(hint.key, hint.params)}</p>}
      <div className={q.kind === "scale" ? "d-flex flex-wrap gap-3" : ""}>
        {choices.map((c) => (
          <div key={c.key} className={`form-check${q.kind === "scale" ? " form-check-inline" : ""}`}>
            <input id={`${id}-${c.key}`} name={id} type={multiple ? "checkbox" : "radio"} checked={chosen(c.value)}
                   onChange={(e) => { toggle(c.value, e.target.checked); }} />
            <label htmlFor={`${id}-${c.key}`}>{c.label}</label>
          </div>
        ))}
      </div>
      {errorText}
    </fieldset>
  );
}
