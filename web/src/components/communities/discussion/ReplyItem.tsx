/** One reply in a thread, indented by its depth: its text or its trace, and for its author
 * edit and remove; for members, "Reply" opens a box under it. */
import { Button } from "design-react-kit";
import { useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { ReportButton } from "../moderation/ReportButton";
import { deleteReply, editReply, type Reply, type Topic } from "./api";
import { ReplyComposer } from "./ReplyComposer";
import { TextEditor } from "./TextEditor";
import { Body, Byline } from "./Traces";

const INDENT = ["", "ms-0", "ms-4", "ms-5"];

export function ReplyItem({ topic, reply, canReport, onChanged, onReplied }: {
  topic: Topic;
  reply: Reply;
  canReport: boolean;
  onChanged: (reply: Reply) => void;
  onReplied: (reply: Reply) => void;
}) {
  const { t } = useLanguage();
  const [mode, setMode] = useState<"read" | "edit" | "answer" | "confirm">("read");
  const [problem, setProblem] = useState<Problem | null>(null);

  async function remove() {
    setProblem(null);
    const outcome = await deleteReply(reply);
    if ("data" in outcome) { onChanged(outcome.data); setMode("read"); } else setProblem(outcome.problem);
  }

  return (
    <li className={`border-start border-3 ps-3 py-2 mb-2 ${INDENT[Math.min(reply.depth, INDENT.length - 1)] ?? ""}`}
        aria-label={t("discussion.reply.item")}>
      <Byline item={reply} />
      {problem !== null && <ProblemAlert problem={problem} />}
      {mode === "edit" ? (
        <TextEditor id={`edit-${reply.id}`} communityId={topic.community_id} title={null} body={reply.body}
                    onSave={(change) => editReply(reply, change.body)}
                    onSaved={(saved) => { onChanged(saved); setMode("read"); }} onCancel={() => { setMode("read"); }} />
      ) : <Body item={reply} />}
      {mode !== "edit" && (
        <div className="d-flex flex-wrap gap-2">
          {reply.can_reply && mode !== "answer" && (
            <Button color="primary" outline size="xs" onClick={() => { setMode("answer"); }}>{t("discussion.reply.answer")}</Button>
          )}
          {reply.can_edit && <Button color="secondary" outline size="xs" onClick={() => { setMode("edit"); }}>{t("discussion.edit")}</Button>}
          {reply.can_delete && mode !== "confirm" && (
            <Button color="danger" outline size="xs" onClick={() => { setMode("confirm"); }}>{t("discussion.remove")}</Button>
          )}
          {mode === "confirm" && (
            <>
              <span className="small align-self-center">{t("discussion.remove.confirmReply")}</span>
              <Button color="danger" size="xs" onClick={() => { void remove(); }}>{t("discussion.remove.yes")}</Button>
              <Button color="secondary" outline size="xs" onClick={() => { setMode("read"); }}>{t("discussion.cancel")}</Button>
            </>
          )}
          {canReport && !reply.deleted && !reply.can_edit && (
            <ReportButton communityId={topic.community_id} kind="reply" contentId={reply.id} />
          )}
        </div>
      )}
      {mode === "answer" && (
        <ReplyComposer topic={topic} parent={reply} onCancel={() => { setMode("read"); }}
                       onPublished={(answer) => { onReplied(answer); setMode("read"); }} />
      )}
    </li>
  );
}
