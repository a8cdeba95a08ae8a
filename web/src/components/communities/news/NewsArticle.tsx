/** One article: its cover, text (rendered and sanitised by the service) and dates; for its
 * author and the managers, the workflow's actions (submit, approve or reject, withdraw,
 * delete) and where it stands. */
import { Alert, Button, FormGroup, TextArea } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { ReportButton } from "../moderation/ReportButton";
import { act, type Action, deleteNews, getNews, type News, type NewsScope, rejectNews } from "./api";
import { CoverImage, NewsBadges, useRomeTime } from "./NewsParts";

type Loaded = { kind: "shown"; news: News } | { kind: "failed"; problem: Problem };

const DONE: Readonly<Record<Action | "reject" | "saved", MessageKey>> = {
  submit: "news.done.submit", approve: "news.done.approve", withdraw: "news.done.withdraw",
  reject: "news.done.reject", saved: "news.done.saved",
};

export function useArticle(scope: NewsScope, newsId: string) {
  const [state, setState] = useState<{ id: string; loaded: Loaded } | null>(null);
  useEffect(() => {
    let current = true;
    void getNews(scope, newsId).then((outcome) => {
      if (!current) return;
      setState({ id: newsId, loaded: "data" in outcome ? { kind: "shown", news: outcome.data }
                                                       : { kind: "failed", problem: outcome.problem } });
    });
    return () => { current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one article per address
  }, [newsId]);
  const loaded = state?.id === newsId ? state.loaded : null;
  const replace = (news: News) => { setState({ id: newsId, loaded: { kind: "shown", news } }); };
  return { loaded, replace };
}

export function NewsArticle({ scope, newsId, headingLevel }: {
  scope: NewsScope; newsId: string; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const when = useRomeTime();
  const navigate = useNavigate();
  const location = useLocation();
  const { loaded, replace } = useArticle(scope, newsId);
  const [done, setDone] = useState<MessageKey | null>(
    (location.state as { saved?: boolean } | null)?.saved ? DONE.saved : null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const Heading = headingLevel;
  const Sub = headingLevel === "h1" ? "h2" : "h3";

  if (loaded === null) return <LoadingState label={t("news.article.loading")} />;
  if (loaded.kind === "failed") {
    return (
      <>
        <Heading className={headingLevel === "h1" ? "" : "h4"}>{t("news.article.missing")}</Heading>
        <ProblemAlert problem={loaded.problem} overrides={{ 404: "news.article.notFound" }} />
        <Link to=".." relative="path">{t("news.back")}</Link>
      </>
    );
  }
  const { news } = loaded;

  async function run(action: Action | "reject") {
    setBusy(true);
    setProblem(null);
    setDone(null);
    const outcome = action === "reject" ? await rejectNews(scope, news, reason.trim()) : await act(scope, news, action);
    setBusy(false);
    if ("data" in outcome) {
      replace(outcome.data);
      setDone(DONE[action]);
      setRejecting(false);
      setReason("");
    } else {
      setProblem(outcome.problem);
    }
  }

  async function remove() {
    setBusy(true);
    setProblem(null);
    const outcome = await deleteNews(scope, news);
    setBusy(false);
    if ("data" in outcome) void navigate("..", { relative: "path", state: { deleted: true } });
    else setProblem(outcome.problem);
  }

  const validated = scope.validates && !scope.canManage;
  const trace = news.removed_by_moderator && news.title === "";
  return (
    <article aria-labelledby="news-article-title" className="mb-5">
      <p className="mb-2"><Link to=".." relative="path">{t("news.back")}</Link></p>
      {done !== null && <StatusMessage>{t(done)}</StatusMessage>}
      {problem !== null && <ProblemAlert problem={problem} />}
      <NewsBadges news={news} />
      <Heading id="news-article-title" className={`text-break ${headingLevel === "h1" ? "" : "h3"}`}>
        {trace ? t("news.removedByModerator") : news.title}
      </Heading>
      <p className="small text-secondary">
        {news.phase === "scheduled" ? t("news.scheduledFor", { date: when(news.publish_at) })
          : t("news.publishedOn", { date: when(news.publish_at) })}
        {news.withdraw_at && <>{" · "}{t("news.withdrawsOn", { date: when(news.withdraw_at) })}</>}
      </p>
      {news.can_edit && news.review_reason && news.status === "draft" && (
        <Alert color="warning">
          <strong>{t("news.article.rejected")}</strong> {news.review_reason}
        </Alert>
      )}
      {news.status === "to_validate" && (news.can_edit || news.can_review) && (
        <Alert color="info">{t("news.article.waiting")}</Alert>
      )}
      {!trace && (
        <>
          <CoverImage news={news} />
          {news.summary !== "" && <p className="lead text-break">{news.summary}</p>}
          {/* body_html is rendered from markdown and sanitised by the service (nh3 allow-list). */}
          <div className="text-break" dangerouslySetInnerHTML={{ __html: news.body_html }} />
          {!news.can_edit && news.status === "published" && (
            <div className="mt-3"><ReportButton communityId={news.community_id} kind="news" contentId={news.id} /></div>
          )}
        </>
      )}
      {(news.can_edit || news.can_review) && (
        <section aria-labelledby="news-actions" className="mt-4 border-top pt-3">
          <Sub id="news-actions" className="h5">{t("news.actions")}</Sub>
          <div className="d-flex flex-wrap gap-2 mb-3">
            {news.can_edit && news.status !== "withdrawn" && news.phase !== "withdrawn" && (
              <Link className="btn btn-outline-primary" to="edit">{t("news.action.edit")}</Link>
            )}
            {news.can_edit && news.status === "draft" && (
              <Button color="primary" disabled={busy} onClick={() => { void run("submit"); }}>
                {validated ? t("news.action.submit") : t("news.action.publish")}
              </Button>
            )}
            {news.can_review && (
              <>
                <Button color="success" disabled={busy} onClick={() => { void run("approve"); }}>
                  {t("news.action.approve")}
                </Button>
                <Button color="danger" outline disabled={busy} aria-expanded={rejecting}
                        onClick={() => { setRejecting((r) => !r); }}>
                  {t("news.action.reject")}
                </Button>
              </>
            )}
            {news.can_edit && news.status === "published" && news.phase !== "withdrawn" && (
              <Button color="secondary" disabled={busy} onClick={() => { void run("withdraw"); }}>
                {t("news.action.withdraw")}
              </Button>
            )}
            {news.can_edit && !confirmDelete && (
              <Button color="danger" outline disabled={busy} onClick={() => { setConfirmDelete(true); }}>
                {t("news.action.delete")}
              </Button>
            )}
          </div>
          {confirmDelete && (
            <div className="d-flex flex-wrap align-items-center gap-2 mb-3" role="group"
                 aria-label={t("news.action.deleteConfirm")}>
              <span>{t("news.action.deleteQuestion")}</span>
              <Button color="danger" disabled={busy} onClick={() => { void remove(); }}>
                {t("news.action.deleteConfirm")}
              </Button>
              <Button color="secondary" outline onClick={() => { setConfirmDelete(false); }}>
                {t("news.editor.cancel")}
              </Button>
            </div>
          )}
          {rejecting && (
            <form noValidate onSubmit={(e) => { e.preventDefault(); if (reason.trim() !== "") void run("reject"); }}>
              <FormGroup>
                <TextArea id={`news-reject-${news.id}`} label={t("news.action.rejectReason")} rows={3}
                          maxLength={1000} required value={reason} onChange={(e) => { setReason(e.target.value); }} />
              </FormGroup>
              <Button color="danger" type="submit" disabled={busy || reason.trim() === ""}>
                {t("news.action.rejectSend")}
              </Button>
            </form>
          )}
        </section>
      )}
    </article>
  );
}
