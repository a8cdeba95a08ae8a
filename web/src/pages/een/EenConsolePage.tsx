/** The EEN operator console: the bridge's status, starting a sync and following it, the
 * latest runs and the quarantine. EEN operators only; platform operators may look. */
import { Alert, Card, CardBody, CardTitle } from "design-react-kit";
import { useCallback, useState } from "react";
import { useSession } from "../../auth/session";
import { problemMessage } from "../../api/problem";
import { BridgeStatusPanel } from "../../components/een/BridgeStatusPanel";
import { Loading, ProblemAlert } from "../../components/een/Feedback";
import { QuarantineTable } from "../../components/een/QuarantineTable";
import { StartSync } from "../../components/een/StartSync";
import { SyncRunProgress } from "../../components/een/SyncRunProgress";
import { SyncRunsTable } from "../../components/een/SyncRunsTable";
import { loadRuns, loadStatus, startRun, useLoaded, type SyncMode, type SyncRun } from "../../components/een/api";
import { useLanguage } from "../../i18n/language";

const EEN_OPERATOR = "een_operator";
const PLATFORM_OPERATOR = "platform_operator";

/** Behind RequireSignIn: someone signed out is sent to sign in and brought back here. */
export function EenConsolePage() {
  const { t } = useLanguage();
  const roles = useSession()?.roles ?? [];
  return (
    <>
      <h1>{t("een.title")}</h1>
      {roles.includes(EEN_OPERATOR) || roles.includes(PLATFORM_OPERATOR) ? (
        <EenConsole canStart={roles.includes(EEN_OPERATOR)} />
      ) : (
        <Alert color="danger">{t("een.forbidden")}</Alert>
      )}
    </>
  );
}

type Notice = { color: "success" | "warning" | "danger"; text: string } | null;

function EenConsole({ canStart }: { canStart: boolean }) {
  const { t } = useLanguage();
  const [version, setVersion] = useState(0);
  const status = useLoaded(loadStatus, version);
  const runs = useLoaded(loadRuns, version);
  const [followed, setFollowed] = useState<SyncRun | null>(null);
  const [starting, setStarting] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const reload = useCallback(() => { setVersion((v) => v + 1); }, []);
  const lastRun = status.kind === "loaded" ? status.data.last_run : null;
  // The run to follow: one going on (started here, by the schedule or by a colleague), else the
  // last one followed here, to see how it ended.
  const watched = lastRun?.status === "running" ? lastRun.id : followed?.id ?? null;
  const running = starting || lastRun?.status === "running" || followed?.status === "running";
  const update = useCallback((run: SyncRun) => {
    setFollowed(run);
    if (run.status !== "running") {
      setNotice(null); // the run's own state says how it went
      reload();
    }
  }, [reload]);

  async function start(mode: SyncMode) {
    setStarting(true);
    const result = await startRun(mode);
    setStarting(false);
    if (result.ok) {
      setFollowed(result.data);
      setNotice({ color: "success", text: t("een.sync.started") });
    } else if (result.problem.status === 409) {
      setNotice({ color: "warning", text: t("een.sync.busy") }); // the reload below finds it
    } else {
      setNotice({ color: "danger", text: problemMessage(result.problem, t, {
        overrides: { 403: "een.forbidden", 503: "een.sync.unavailable" } }) });
    }
    reload();
  }

  return (
    <>
      <p className="lead">{t("een.intro")}</p>
      <div className="row g-4 mb-5">
        <section className="col-12 col-lg-5" aria-labelledby="een-status-title">
          {status.kind === "loading" && <Loading />}
          {status.kind === "failed" && <ProblemAlert problem={status.problem} />}
          {status.kind === "loaded" && <BridgeStatusPanel status={status.data} />}
        </section>
        <section className="col-12 col-lg-7" aria-labelledby="een-sync-title">
          <Card className="card-bg h-100">
            <CardBody className="it-card-body">
              <CardTitle tag="h2" className="h4" id="een-sync-title">{t("een.sync.title")}</CardTitle>
              <div role="status">
                {notice !== null && <Alert color={notice.color}>{notice.text}</Alert>}
              </div>
              {canStart ? (
                <StartSync busy={running} onStart={(mode) => { void start(mode); }} />
              ) : (
                <p>{t("een.readOnly")}</p>
              )}
              {watched !== null && <SyncRunProgress key={watched} runId={watched} onUpdate={update} />}
            </CardBody>
          </Card>
        </section>
      </div>
      <section className="mb-5" aria-labelledby="een-runs-title">
        <h2 id="een-runs-title" className="h3">{t("een.runs.title")}</h2>
        {runs.kind === "loading" && <Loading />}
        {runs.kind === "failed" && <ProblemAlert problem={runs.problem} />}
        {runs.kind === "loaded" && <SyncRunsTable runs={runs.data} labelledBy="een-runs-title" />}
      </section>
      <section aria-labelledby="een-quarantine-title">
        <h2 id="een-quarantine-title" className="h3">{t("een.quarantine.title")}</h2>
        <p>{t("een.quarantine.intro")}</p>
        <QuarantineTable labelledBy="een-quarantine-title" version={version} />
      </section>
    </>
  );
}
