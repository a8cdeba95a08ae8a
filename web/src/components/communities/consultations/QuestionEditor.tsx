/** One question in the consultation editor: its text, whether it is required, and for choice
 * questions their options (and for multiple choice the min/max selections). */
import { Button } from "design-react-kit";
import { useLanguage } from "../../../i18n/language";
import type { QuestionIn, QuestionKind } from "./api";
import { KIND_LABELS } from "./ConsultationParts";

export interface OptionDraft { key: string; id?: string | undefined; label: string }
export interface QuestionDraft {
  key: string;
  id?: string | undefined;
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  options: OptionDraft[];
  min: string;
  max: string;
}

let counter = 0;
export function freshKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function newQuestion(kind: QuestionKind): QuestionDraft {
  const choice = kind === "single_choice" || kind === "multiple_choice";
  return { key: freshKey(), kind, prompt: "", required: false, min: "", max: "",
           options: choice ? [{ key: freshKey(), label: "" }, { key: freshKey(), label: "" }] : [] };
}

export function isChoice(kind: QuestionKind): boolean {
  return kind === "single_choice" || kind === "multiple_choice";
}

/** What is wrong with a question as written, if anything (the editor's own checks). */
export function questionProblems(q: QuestionDraft): { prompt: boolean; options: boolean; range: boolean } {
  const labels = q.options.filter((o) => o.label.trim() !== "");
  const min = q.min === "" ? null : Number(q.min);
  const max = q.max === "" ? null : Number(q.max);
  const range = q.kind === "multiple_choice" && (
    (min !== null && (min < 0 || min > labels.length)) || (max !== null && (max < 1 || max > labels.length))
    || (min !== null && max !== null && min > max));
  return { prompt: q.prompt.trim() === "", options: isChoice(q.kind) && labels.length < 2, range };
}

export function toQuestionIn(q: QuestionDraft): QuestionIn {
  const multiple = q.kind === "multiple_choice";
  return {
    ...(q.id ? { id: q.id } : {}), kind: q.kind, prompt: q.prompt.trim(), required: q.required,
    options: isChoice(q.kind) ? q.options.filter((o) => o.label.trim() !== "")
      .map((o) => ({ ...(o.id ? { id: o.id } : {}), label: o.label.trim() })) : [],
    min_selections: multiple && q.min !== "" ? Number(q.min) : null,
    max_selections: multiple && q.max !== "" ? Number(q.max) : null,
  };
}

export function QuestionEditor({ question, n, checked, onChange, onRemove }: {
  question: QuestionDraft; n: number; checked: boolean;
  onChange: (q: QuestionDraft) => void; onRemove: () => void;
}) {
  const { t } = useLanguage();
  const q = question;
  const id = `qe-${q.key}`;
  const wrong = questionProblems(q);
  const set = <K extends keyof QuestionDraft>(key: K, value: QuestionDraft[K]) => { onChange({ ...q, [key]: value }); };
  const setOption = (i: number, label: string) => {
    set("options", q.options.map((o, j) => (j === i ? { ...o, label } : o)));
  };
  return (
    <fieldset className="border rounded p-3 mb-3" data-question-editor={n}>
      <legend className="fs-6 fw-semibold float-none w-auto px-2 mb-0">
        {t("consultations.editor.question", { n })} · {t(KIND_LABELS[q.kind])}
      </legend>
      <div className="form-group mt-3 mb-3">
        <label htmlFor={`${id}-prompt`} className="active">{t("consultations.editor.prompt")}</label>
        <input id={`${id}-prompt`} type="text" className="form-control" maxLength={500} value={q.prompt}
               aria-invalid={checked && wrong.prompt ? true : undefined}
               aria-describedby={checked && wrong.prompt ? `${id}-prompt-error` : undefined}
               onChange={(e) => { set("prompt", e.target.value); }} />
        {checked && wrong.prompt && <small id={`${id}-prompt-error`} className="form-text text-danger">{t("consultations.editor.promptMissing")}</small>}
      </div>
      <div className="form-check mb-3">
        <input id={`${id}-required`} type="checkbox" checked={q.required}
               onChange={(e) => { set("required", e.target.checked); }} />
        <label htmlFor={`${id}-required`}>{t("consultations.editor.required")}</label>
      </div>
      {isChoice(q.kind) && (
        <div className="mb-3">
          <p className="fw-semibold mb-2">{t("consultations.editor.options")}</p>
          {q.options.map((o, i) => (
            <div key={o.key} className="d-flex gap-2 align-items-end mb-2">
              <div className="flex-grow-1">
                <label htmlFor={`${id}-option-${o.key}`} className="form-label d-block mb-1">{t("consultations.editor.option", { n: i + 1 })}</label>
                <input id={`${id}-option-${o.key}`} type="text" className="form-control" maxLength={200} value={o.label}
                       onChange={(e) => { setOption(i, e.target.value); }} />
              </div>
              <Button color="secondary" outline size="xs" type="button" disabled={q.options.length <= 2}
                      onClick={() => { set("options", q.options.filter((_, j) => j !== i)); }}>
                {t("consultations.editor.removeOption", { n: i + 1 })}
              </Button>
            </div>
          ))}
          {checked && wrong.options && <p className="text-danger small">{t("consultations.editor.optionsMissing")}</p>}
          <Button color="primary" outline size="xs" type="button"
                  onClick={() => { set("options", [...q.options, { key: freshKey(), label: "" }]); }}>
            {t("consultations.editor.addOption")}
          </Button>
        </div>
      )}
      {q.kind === "multiple_choice" && (
        <div className="row g-3 mb-2">
          <div className="col-6 col-md-3">
            <label htmlFor={`${id}-min`} className="form-label d-block mb-1">{t("consultations.editor.min")}</label>
            <input id={`${id}-min`} type="number" min={0} className="form-control" value={q.min}
                   onChange={(e) => { set("min", e.target.value); }} />
          </div>
          <div className="col-6 col-md-3">
            <label htmlFor={`${id}-max`} className="form-label d-block mb-1">{t("consultations.editor.max")}</label>
            <input id={`${id}-max`} type="number" min={1} className="form-control" value={q.max}
                   onChange={(e) => { set("max", e.target.value); }} />
          </div>
          {checked && wrong.range && <p className="col-12 text-danger small mb-0">{t("consultations.editor.rangeWrong")}</p>}
        </div>
      )}
      <Button color="danger" outline size="xs" type="button" onClick={onRemove}>
        {t("consultations.editor.remove", { n })}
      </Button>
    </fieldset>
  );
}
