import { Button, FormGroup, Input, TextArea } from "design-react-kit";
import { useRef, useState, type SubmitEvent } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Post } from "./api";

const TITLE_MAX = 200;
const BODY_MAX = 20000;

/** A member starts a discussion: a title and a text. */
export function PostComposer({ communityId, onPublished }: { communityId: string; onPublished: (post: Post) => void }) {
  const { t } = useLanguage();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [published, setPublished] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());

  const titleMissing = title.trim() === "";
  const bodyMissing = body.trim() === "";

  async function publish(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    setPublished(false);
    if (titleMissing || bodyMissing) return;
    setSending(true);
    setProblem(null);
    const outcome = await attempt(() => communities.POST("/communities/{community_id}/posts", {
      params: { path: { community_id: communityId }, header: { "Idempotency-Key": idempotencyKey.current } },
      body: { title: title.trim(), body: body.trim() },
    }));
    setSending(false);
    idempotencyKey.current = crypto.randomUUID();
    if ("data" in outcome) {
      setTitle("");
      setBody("");
      setChecked(false);
      setPublished(true);
      onPublished(outcome.data);
    } else {
      setProblem(outcome.problem);
    }
  }

  const invalid = (missing: boolean, message: string) =>
    checked && missing ? { valid: false, "aria-invalid": true, validationText: message } : {};

  return (
    <form onSubmit={(event) => { void publish(event); }} noValidate className="mb-4"
          aria-labelledby="post-composer-title">
      <h3 id="post-composer-title" className="h5">{t("communities.composer.title")}</h3>
      {problem !== null && <ProblemAlert problem={problem} />}
      <FormGroup>
        <Input id="post-title" label={t("communities.composer.subject")} maxLength={TITLE_MAX} required
               value={title} onChange={(e) => { setTitle(e.target.value); }}
               {...invalid(titleMissing, t("communities.composer.subjectMissing"))} />
      </FormGroup>
      <FormGroup>
        <TextArea id="post-body" label={t("communities.composer.body")} rows={4} maxLength={BODY_MAX} required
                  value={body} onChange={(e) => { setBody(e.target.value); }}
                  {...invalid(bodyMissing, t("communities.composer.bodyMissing"))} />
      </FormGroup>
      <Button color="primary" type="submit" disabled={sending}>
        {sending ? t("communities.composer.publishing") : t("communities.composer.publish")}
      </Button>
      <p role="status" className={published ? "mt-2 text-success" : "visually-hidden"}>
        {published ? t("communities.composer.published") : ""}
      </p>
    </form>
  );
}
