/** The reply box: under the topic, or under the reply being answered. */
import { Button, FormGroup } from "design-react-kit";
import { useRef, useState, type SubmitEvent } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { postReply, type Reply, type Topic } from "./api";
import { MarkdownField } from "./MarkdownField";

export function ReplyComposer({ topic, parent, onPublished, onCancel }: {
  topic: Topic;
  parent: Reply | null;
  onPublished: (reply: Reply) => void;
  onCancel?: () => void;
}) {
  const { t } = useLanguage();
  const [body, setBody] = useState("");
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const missing = body.trim() === "";
  const id = parent === null ? "reply-body" : `reply-to-${parent.id}`;

  async function send(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (missing) return;
    setSending(true);
    setProblem(null);
    const outcome = await postReply(topic, body.trim(), parent?.id ?? null, idempotencyKey.current);
    setSending(false);
    idempotencyKey.current = crypto.randomUUID();
    if ("data" in outcome) {
      setBody("");
      setChecked(false);
      onPublished(outcome.data);
    } else {
      setProblem(outcome.problem);
    }
  }

  return (
    <form onSubmit={(event) => { void send(event); }} noValidate className="mt-2 mb-3"
          aria-label={parent === null ? t("discussion.reply.toTopic") : t("discussion.reply.formToReply")}>
      {problem !== null && <ProblemAlert problem={problem} />}
      <FormGroup>
        <MarkdownField id={id} label={parent === null ? t("discussion.reply.label") : t("discussion.reply.toReply")}
                       value={body} onChange={setBody} communityId={topic.community_id} rows={3}
                       missing={checked && missing ? t("discussion.reply.missing") : null} />
      </FormGroup>
      <div className="d-flex gap-2">
        <Button color="primary" size="sm" type="submit" disabled={sending}>
          {sending ? t("discussion.sending") : t("discussion.reply.send")}
        </Button>
        {onCancel !== undefined && (
          <Button color="secondary" outline size="sm" type="button" onClick={onCancel}>{t("discussion.cancel")}</Button>
        )}
      </div>
    </form>
  );
}
