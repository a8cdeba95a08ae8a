/** One consultation: its description, the answer form while it is open (or my answer to
 * change), the results when the caller may see them, and the managers' actions. */
import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { useRomeTime } from "../news/NewsParts";
import { act, type Action, type Consultation, type ConsultationScope, deleteConsultation, getConsultation,
  getMyResponse, type MyResponse } from "./api";
import { AnswerForm } from "./AnswerForm";
import { ConsultationBadges, ConsultationDates } from "./ConsultationParts";
import { ResultsView } from "./ResultsView";

type Loaded = { kind: "ok"; consultation: Consultation; mine: MyResponse | null } | { kind: "failed"; problem: Problem };

async function fetchConsultation(scope: ConsultationScope, id: string): Promise<Loaded> {
  const outcome = await getConsultation(scope, id);
  if (!("data" in outcome)) return { kind: "failed", problem: outcome.problem };
  let mine: MyResponse | null = null;
  if (outcome.data.answered) {
    const response = await getMyResponse(scope, id);
    if ("data" in response) mine = response.data;
  }
  return { kind: "ok", consultation: outcome.data, mine };
}

export function useConsultation(scope: ConsultationScope, id: string) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    void fetchConsultation(scope, id).then((result) => { if (live) setLoaded(result); });
    return () => { live = false; };
  }, [scope, id]);
  return { loaded, setLoaded };
}

function ManagerActions({ scope, consultation, onChanged }: {
  scope: ConsultationScope; consultation: Consultation; onChanged: (c: Consultation, done: string) => void;
}) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const c = consultation;

  async function run(action: Action) {
    setBusy(true);
    setProblem(null);
    const outcome = await act(scope, c, action);
    setBusy(false);
    if ("data" in outcome) onChanged(outcome.data, action === "publish" ? t("consultations.done.published") : t("consultations.done.closed"));
    else setProblem(outcome.problem);
  }

  async function remove() {
    setBusy(true);
    const outcome = await deleteConsultation(scope, c);
    setBusy(false);
    if ("data" in outcome) void navigate("..", { relative: "path", state: { deleted: true } });
    else setProblem(outcome.problem);
  }

  return (
    <div className="mb-3">
      <div className="d-flex flex-wrap gap-2" role="group" aria-label={t("consultations.manage.label")}>
        {c.phase !== "closed" && <Link className="btn btn-outline-primary btn-sm" to="edit">{t("consultations.manage.edit")}</Link>}
        {c.phase === "draft" && (
          <Button color="primary" size="sm" type="button" disabled={busy} onClick={() => { void run("publish"); }}>
            {t("consultations.manage.publish")}
          </Button>
        )}
        {c.phase === "open" && (
          <Button color="primary" size="sm" type="button" disabled={busy} onClick={() => { void run("close"); }}>
            {t("consultations.manage.close")}
          </Button>
        )}
        {(c.phase === "draft" || c.phase === "upcoming") && (
          <Button color="danger" outline size="sm" type="button" disabled={busy} onClick={() => { void remove(); }}>
            {t("consultations.manage.delete")}
          </Button>
        )}
      </div>
      {c.response_count !== null && c.response_count !== undefined && (
        <p className="small mt-2 mb-0">{t("consultations.responseCount", { n: c.response_count })}</p>
      )}
      {problem !== null && <ProblemAlert problem={problem} />}
    </div>
  );
}

export function ConsultationView({ scope, id, headingLevel }: {
  scope: ConsultationScope; id: string; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const at = useRomeTime();
  const location = useLocation();
  const { loaded, setLoaded } = useConsultation(scope, id);
  const [done, setDone] = useState<string | null>((location.state as { saved?: boolean } | null)?.saved
    ? t("consultations.done.saved") : null);
  if (loaded === null) return <LoadingState label={t("consultations.view.loading")} />;
  if (loaded.kind === "failed") return <ProblemAlert problem={loaded.problem} />;
  const { consultation: c, mine } = loaded;
  const Heading = headingLevel;
  const sub = headingLevel === "h1" ? "h2" : "h3";
  return (
    <article aria-labelledby="consultation-title">
      <p><Link to="..">{t("consultations.back")}</Link></p>
      <Heading id="consultation-title" className={headingLevel === "h1" ? "" : "h3"}>{c.title}</Heading>
      <ConsultationBadges consultation={c} />
      <ConsultationDates consultation={c} />
      {done !== null && <StatusMessage>{done}</StatusMessage>}
      {c.can_manage && (
        <ManagerActions scope={scope} consultation={c}
                        onChanged={(changed, message) => { setLoaded({ kind: "ok", consultation: changed, mine }); setDone(message); }} />
      )}
      {/* description_html is rendered from markdown and sanitised by the service. */}
      <div className="text-break" dangerouslySetInnerHTML={{ __html: c.description_html }} />
      {c.can_answer && (
        <AnswerForm scope={scope} consultation={c} mine={mine} level={sub}
                    onSaved={(response) => {
                      setLoaded({ kind: "ok", consultation: { ...c, answered: true }, mine: response });
                    }} />
      )}
      {!c.can_answer && c.phase === "open" && <p className="mt-4">{t("consultations.answer.notMember")}</p>}
      {c.phase === "upcoming" && <p className="mt-4">{t("consultations.answer.notOpen", { date: at(c.opens_at) })}</p>}
      {c.phase === "closed" && (
        <p className="mt-4">{t("consultations.answer.closed")}{c.answered ? " " + t("consultations.answer.yours") : ""}</p>
      )}
      {c.results_available ? <ResultsView scope={scope} consultation={c} level={sub} />
        : c.results_public_after_close && c.phase !== "closed" && <p className="mt-3">{t("consultations.results.afterClose")}</p>}
    </article>
  );
}
