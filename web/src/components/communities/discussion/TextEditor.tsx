/** Editing one's own topic (title and text) or reply (text): saved with the version it was
 * read at, so a concurrent change is not overwritten (the service answers 412). */
import { Button, FormGroup, Input } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import type { Outcome } from "../../common/attempt";
import { TITLE_MAX } from "./api";
import { MarkdownField } from "./MarkdownField";

export function TextEditor<T>({ id, communityId, title, body, onSave, onSaved, onCancel }: {
  id: string;
  communityId: string;
  /** null: a reply, which has no title. */
  title: string | null;
  body: string;
  onSave: (change: { title?: string; body: string }) => Promise<Outcome<T>>;
  onSaved: (saved: T) => void;
  onCancel: () => void;
}) {
  const { t } = useLanguage();
  const [newTitle, setNewTitle] = useState(title ?? "");
  const [newBody, setNewBody] = useState(body);
  const [checked, setChecked] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const titleMissing = title !== null && newTitle.trim() === "";
  const bodyMissing = newBody.trim() === "";

  async function save(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (titleMissing || bodyMissing) return;
    setSaving(true);
    setProblem(null);
    const outcome = await onSave(title === null ? { body: newBody.trim() } : { title: newTitle.trim(), body: newBody.trim() });
    setSaving(false);
    if ("data" in outcome) onSaved(outcome.data);
    else setProblem(outcome.problem);
  }

  return (
    <form onSubmit={(event) => { void save(event); }} noValidate className="mb-3" aria-label={t("discussion.editing")}>
      {problem !== null && <ProblemAlert problem={problem} />}
      {title !== null && (
        <FormGroup>
          <Input id={`${id}-title`} label={t("discussion.composer.subject")} maxLength={TITLE_MAX} required value={newTitle}
                 onChange={(e) => { setNewTitle(e.target.value); }}
                 {...(checked && titleMissing
                   ? { valid: false, "aria-invalid": true, validationText: t("discussion.composer.subjectMissing") } : {})} />
        </FormGroup>
      )}
      <FormGroup>
        <MarkdownField id={`${id}-body`} label={t("discussion.text")} value={newBody} onChange={setNewBody}
                       communityId={communityId} missing={checked && bodyMissing ? t("discussion.composer.bodyMissing") : null} />
      </FormGroup>
      <div className="d-flex gap-2">
        <Button color="primary" size="sm" type="submit" disabled={saving}>
          {saving ? t("discussion.sending") : t("discussion.save")}
        </Button>
        <Button color="secondary" outline size="sm" type="button" onClick={onCancel}>{t("discussion.cancel")}</Button>
      </div>
    </form>
  );
}
