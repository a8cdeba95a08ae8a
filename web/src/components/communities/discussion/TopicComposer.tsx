/** A member starts a topic: a title and a markdown text, with mentions. */
import { Button, FormGroup, Input } from "design-react-kit";
import { useRef, useState, type SubmitEvent } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { startTopic, TITLE_MAX, type Topic } from "./api";
import { MarkdownField } from "./MarkdownField";

export function TopicComposer({ communityId, onPublished }: { communityId: string; onPublished: (topic: Topic) => void }) {
  const { t } = useLanguage();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const titleMissing = title.trim() === "";
  const bodyMissing = body.trim() === "";

  async function publish(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (titleMissing || bodyMissing) return;
    setSending(true);
    setProblem(null);
    const outcome = await startTopic(communityId, title.trim(), body.trim(), idempotencyKey.current);
    setSending(false);
    idempotencyKey.current = crypto.randomUUID();
    if ("data" in outcome) {
      setTitle("");
      setBody("");
      setChecked(false);
      onPublished(outcome.data);
    } else {
      setProblem(outcome.problem);
    }
  }

  return (
    <form onSubmit={(event) => { void publish(event); }} noValidate className="mb-4" aria-labelledby="topic-composer-title">
      <h3 id="topic-composer-title" className="h5">{t("discussion.composer.title")}</h3>
      {problem !== null && <ProblemAlert problem={problem} />}
      <FormGroup>
        <Input id="topic-title" label={t("discussion.composer.subject")} maxLength={TITLE_MAX} required value={title}
               onChange={(e) => { setTitle(e.target.value); }}
               {...(checked && titleMissing
                 ? { valid: false, "aria-invalid": true, validationText: t("discussion.composer.subjectMissing") } : {})} />
      </FormGroup>
      <FormGroup>
        <MarkdownField id="topic-body" label={t("discussion.composer.body")} value={body} onChange={setBody}
                       communityId={communityId}
                       missing={checked && bodyMissing ? t("discussion.composer.bodyMissing") : null} />
      </FormGroup>
      <Button color="primary" type="submit" disabled={sending}>
        {sending ? t("discussion.sending") : t("discussion.composer.publish")}
      </Button>
    </form>
  );
}
