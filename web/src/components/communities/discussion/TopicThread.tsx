/** One topic and its replies as a thread: the text (or its trace), the author's edit and
 * remove, the managers' close and reopen, the replies nested to the display depth, and the
 * reply box while the topic is open. */
import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { ReportButton } from "../moderation/ReportButton";
import { actOnTopic, editTopic, getThread, moreReplies, type Reply, type Thread, type Topic, type TopicAction } from "./api";
import { ReplyComposer } from "./ReplyComposer";
import { ReplyItem } from "./ReplyItem";
import { TextEditor } from "./TextEditor";
import { Body, Byline, ClosedBadge } from "./Traces";

type Loaded = { kind: "shown"; thread: Thread } | { kind: "failed"; problem: Problem };

const DONE: Readonly<Record<TopicAction | "edited" | "replied" | "published", MessageKey>> = {
  delete: "discussion.done.removed", close: "discussion.done.closed", reopen: "discussion.done.reopened",
  edited: "discussion.done.edited", replied: "discussion.done.replied", published: "discussion.done.published",
};

function useThread(communityId: string, postId: string) {
  const [state, setState] = useState<{ id: string; loaded: Loaded } | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void getThread(communityId, postId).then((outcome) => {
      if (!current) return;
      setState({ id: postId, loaded: "data" in outcome ? { kind: "shown", thread: outcome.data }
                                                       : { kind: "failed", problem: outcome.problem } });
    });
    return () => { current = false; };
  }, [communityId, postId, round]);
  const loaded = state?.id === postId ? state.loaded : null;
  const replace = (thread: Thread) => { setState({ id: postId, loaded: { kind: "shown", thread } }); };
  return { loaded, replace, reload: () => { setRound((n) => n + 1); } };
}

export function TopicThread({ communityId, postId, canParticipate, published }: {
  communityId: string; postId: string; canParticipate: boolean; published: boolean;
}) {
  const { t } = useLanguage();
  const { loaded, replace, reload } = useThread(communityId, postId);
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<MessageKey | null>(published ? DONE.published : null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [more, setMore] = useState<"idle" | "loading" | Problem>("idle");
  const back = <Link to="." className="d-inline-block mb-3">← {t("discussion.back")}</Link>;

  if (loaded === null) return <LoadingState label={t("discussion.thread.loading")} />;
  if (loaded.kind === "failed") return <>{back}<ProblemAlert problem={loaded.problem} /></>;
  const thread = loaded.thread;
  const withTopic = (topic: Topic) => { replace({ ...thread, ...topic }); };

  async function act(action: TopicAction) {
    setBusy(true);
    setProblem(null);
    const outcome = await actOnTopic(thread, action);
    setBusy(false);
    setConfirmRemove(false);
    if ("data" in outcome) { withTopic(outcome.data); setDone(DONE[action]); reload(); } else setProblem(outcome.problem);
  }

  async function loadMore(cursor: string) {
    setMore("loading");
    const outcome = await moreReplies(communityId, postId, cursor);
    if ("data" in outcome) {
      replace({ ...thread, replies: [...thread.replies, ...outcome.data.items],
                replies_next_cursor: outcome.data.next_cursor ?? null });
      setMore("idle");
    } else setMore(outcome.problem);
  }

  const changedReply = (reply: Reply) => {
    replace({ ...thread, replies: thread.replies.map((r) => (r.id === reply.id ? reply : r)) });
  };
  const replied = () => { setDone(DONE.replied); reload(); };
  const title = thread.removed_by_moderator && thread.title === "" ? t("discussion.removedByModerator") : thread.title;

  return (
    <article aria-labelledby="topic-title">
      {back}
      <div className="d-flex flex-wrap align-items-center gap-2 mb-1">
        <h2 id="topic-title" className="h3 mb-0 text-break">{title}</h2>
        <ClosedBadge topic={thread} />
      </div>
      <Byline item={thread} />
      {done !== null && <StatusMessage>{t(done)}</StatusMessage>}
      {problem !== null && <ProblemAlert problem={problem} />}
      {editing ? (
        <TextEditor id="edit-topic" communityId={communityId} title={thread.title} body={thread.body}
                    onSave={(change) => editTopic(thread, change)}
                    onSaved={(saved) => { withTopic(saved); setEditing(false); setDone(DONE.edited); }}
                    onCancel={() => { setEditing(false); }} />
      ) : <Body item={thread} />}
      {!editing && (
        <div className="d-flex flex-wrap gap-2 mb-4">
          {thread.can_edit && <Button color="secondary" outline size="sm" onClick={() => { setEditing(true); setDone(null); }}>{t("discussion.edit")}</Button>}
          {thread.can_delete && !confirmRemove && (
            <Button color="danger" outline size="sm" onClick={() => { setConfirmRemove(true); }}>{t("discussion.remove")}</Button>
          )}
          {confirmRemove && (
            <>
              <span className="align-self-center">{t("discussion.remove.confirmTopic")}</span>
              <Button color="danger" size="sm" disabled={busy} onClick={() => { void act("delete"); }}>{t("discussion.remove.yes")}</Button>
              <Button color="secondary" outline size="sm" onClick={() => { setConfirmRemove(false); }}>{t("discussion.cancel")}</Button>
            </>
          )}
          {thread.can_close && !thread.closed && (
            <Button color="secondary" size="sm" disabled={busy} onClick={() => { void act("close"); }}>{t("discussion.close")}</Button>
          )}
          {thread.can_close && thread.closed && (
            <Button color="secondary" size="sm" disabled={busy} onClick={() => { void act("reopen"); }}>{t("discussion.reopen")}</Button>
          )}
          {canParticipate && !thread.can_edit && !thread.deleted && (
            <ReportButton communityId={communityId} kind="post" contentId={thread.id} />
          )}
        </div>
      )}

      <section aria-labelledby="replies-title">
        <h3 id="replies-title" className="h5">{t("discussion.replyCount", { n: thread.reply_count })}</h3>
        {thread.closed && <p className="alert alert-info">{t("discussion.closedNotice")}</p>}
        {thread.replies.length === 0 && <p>{t("discussion.noReplies")}</p>}
        <ul className="list-unstyled" aria-label={t("discussion.thread.label")}>
          {thread.replies.map((reply) => (
            <ReplyItem key={reply.id} topic={thread} reply={reply} canReport={canParticipate}
                       onChanged={changedReply} onReplied={replied} />
          ))}
        </ul>
        {thread.replies_next_cursor != null && (
          <>
            {typeof more === "object" && <ProblemAlert problem={more} />}
            <Button color="primary" outline size="sm" disabled={more === "loading"}
                    onClick={() => { if (thread.replies_next_cursor != null) void loadMore(thread.replies_next_cursor); }}>
              {more === "loading" ? t("common.loadingMore") : t("discussion.moreReplies")}
            </Button>
          </>
        )}
        {thread.can_reply && <ReplyComposer topic={thread} parent={null} onPublished={replied} />}
      </section>
    </article>
  );
}
