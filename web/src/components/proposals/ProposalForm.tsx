/** The proposal's content, to publish or revise: kind, title, summary, description, descriptors,
 * deadline and whether to share it with EEN. Checked here first; the server's 422s are shown by
 * their field. */
import { Button, FormGroup, Input, Select, TextArea, Toggle } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import type { MessageKey } from "../../i18n/messages";
import { DescriptorPicker } from "../descriptors/DescriptorPicker";
import { ProblemAlert } from "../common/ProblemAlert";
import { invalidFields, isKind, KINDS, type ProposalKind } from "./api";

export const LIMITS = { titleMin: 5, titleMax: 200, summaryMax: 2000, descriptionMax: 20000, descriptorsMax: 20 };

export interface ProposalDraft {
  kind: ProposalKind;
  title: string;
  summary: string;
  description: string;
  descriptors: string[];
  deadline: string; // yyyy-mm-dd, or "" for none
  shareWithEen: boolean;
}

export const EMPTY_DRAFT: ProposalDraft = {
  kind: "technology_offer", title: "", summary: "", description: "", descriptors: [], deadline: "",
  shareWithEen: false,
};

type Field = "title" | "summary" | "description" | "descriptors" | "deadline";

const FIELD_MESSAGES: Readonly<Record<Field, MessageKey>> = {
  title: "proposals.form.titleInvalid",
  summary: "proposals.form.summaryInvalid",
  description: "proposals.form.descriptionInvalid",
  descriptors: "proposals.form.descriptorsInvalid",
  deadline: "proposals.form.deadlineInvalid",
};

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The fields this draft gets wrong, as the server would judge them. */
function clientErrors(draft: ProposalDraft, deadlineChanged: boolean): Set<Field> {
  const wrong = new Set<Field>();
  const title = draft.title.trim();
  if (title.length < LIMITS.titleMin || title.length > LIMITS.titleMax || /\n/.test(draft.title)) wrong.add("title");
  if (draft.summary.trim() === "" || draft.summary.length > LIMITS.summaryMax) wrong.add("summary");
  if (draft.description.length > LIMITS.descriptionMax) wrong.add("description");
  if (draft.descriptors.length === 0 || draft.descriptors.length > LIMITS.descriptorsMax) wrong.add("descriptors");
  if (deadlineChanged && draft.deadline !== "" && draft.deadline < today()) wrong.add("deadline");
  return wrong;
}

export function ProposalForm({ initial, editing, submitLabel, submittingLabel, problem, overrides, onSubmit }: {
  initial: ProposalDraft;
  /** Revising: the kind is fixed once published. */
  editing: boolean;
  submitLabel: string;
  submittingLabel: string;
  problem: Problem | null;
  overrides?: Readonly<Partial<Record<number, MessageKey>>>;
  onSubmit: (draft: ProposalDraft) => Promise<void>;
}) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<ProposalDraft>(initial);
  const [checked, setChecked] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [sentDraft, setSentDraft] = useState<ProposalDraft | null>(null);

  const local = checked ? clientErrors(draft, draft.deadline !== initial.deadline) : new Set<Field>();
  // The server's verdict holds for the fields as they were sent, until they change.
  const server = invalidFields(problem);
  const wrong = (field: Field) => local.has(field) || (server.has(field) && sentDraft?.[field] === draft[field]);
  const invalid = (field: Field) => wrong(field)
    ? { valid: false, "aria-invalid": true, validationText: t(FIELD_MESSAGES[field], LIMITS) } : {};

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (clientErrors(draft, draft.deadline !== initial.deadline).size > 0) return;
    setSubmitting(true);
    setSentDraft(draft);
    await onSubmit(draft);
    setSubmitting(false);
  }

  return (
    <form onSubmit={(event) => { void submit(event); }} noValidate>
      {problem !== null && (
        <ProblemAlert problem={problem} overrides={{ 422: "proposals.form.fixFields", ...overrides }} />
      )}
      {checked && local.size > 0 && <p className="text-danger" role="alert">{t("proposals.form.fixFields")}</p>}
      <div className="mb-4">
        <Select id="proposal-kind" label={t("proposals.form.kind")} value={draft.kind} disabled={editing}
                onChange={(value) => { if (isKind(value)) setDraft({ ...draft, kind: value }); }}>
          {KINDS.map((kind) => <option key={kind} value={kind}>{t(`proposals.kind.${kind}`)}</option>)}
        </Select>
        {editing && <p className="small text-secondary mt-1">{t("proposals.form.kindFixed")}</p>}
      </div>
      <FormGroup>
        <Input id="proposal-title" label={t("proposals.form.title")} required maxLength={LIMITS.titleMax}
               value={draft.title} onChange={(e) => { setDraft({ ...draft, title: e.target.value }); }}
               infoText={t("proposals.form.titleHint", LIMITS)} {...invalid("title")} />
      </FormGroup>
      <FormGroup>
        <TextArea id="proposal-summary" label={t("proposals.form.summary")} rows={3} required
                  maxLength={LIMITS.summaryMax} value={draft.summary}
                  onChange={(e) => { setDraft({ ...draft, summary: e.target.value }); }}
                  infoText={t("proposals.form.summaryHint", LIMITS)} {...invalid("summary")} />
      </FormGroup>
      <FormGroup>
        <TextArea id="proposal-description" label={t("proposals.form.description")} rows={8}
                  maxLength={LIMITS.descriptionMax} value={draft.description}
                  onChange={(e) => { setDraft({ ...draft, description: e.target.value }); }}
                  infoText={t("proposals.form.descriptionHint")} {...invalid("description")} />
      </FormGroup>
      <div className="mb-4">
        <DescriptorPicker id="proposal-descriptors" label={t("proposals.form.descriptors")}
                          value={draft.descriptors} hint={t("proposals.form.descriptorsHint", LIMITS)}
                          onChange={(codes) => { setDraft({ ...draft, descriptors: codes }); }} />
        {wrong("descriptors") && (
          <p className="text-danger small mt-1" role="alert">{t("proposals.form.descriptorsInvalid", LIMITS)}</p>
        )}
      </div>
      <FormGroup>
        <Input id="proposal-deadline" type="date" label={t("proposals.form.deadline")} value={draft.deadline}
               onChange={(e) => { setDraft({ ...draft, deadline: e.target.value }); }}
               infoText={t(editing ? "proposals.form.deadlineHintEdit" : "proposals.form.deadlineHint")}
               {...invalid("deadline")} />
      </FormGroup>
      <div className="mb-4">
        <Toggle id="proposal-share" label={t("proposals.form.share")} checked={draft.shareWithEen}
                aria-describedby="proposal-share-hint"
                onChange={(e) => { setDraft({ ...draft, shareWithEen: e.target.checked }); }} />
        <p id="proposal-share-hint" className="small text-secondary mt-1">{t("proposals.form.shareHint")}</p>
      </div>
      <Button color="primary" type="submit" disabled={submitting}>{submitting ? submittingLabel : submitLabel}</Button>
    </form>
  );
}
