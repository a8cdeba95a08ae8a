/** A sync run as it goes: asked for every second while it runs, a progress bar against what
 * the POD listed when it started, the counts so far, and its state announced when it changes. */
import { Progress } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { MessageKey } from "../../i18n/messages";
import { handled, useSyncRun, type RunStatus, type SyncRun } from "./api";
import { RunStateBadge } from "./Badges";
import { ProblemAlert } from "./Feedback";
import { DATE_TIME } from "./formats";
import { RunCounts } from "./RunCounts";

const ANNOUNCE: Readonly<Record<RunStatus, MessageKey>> = {
  running: "een.run.announce.running",
  completed: "een.run.announce.completed",
  failed: "een.run.announce.failed",
};

const BAR_COLOR: Readonly<Record<RunStatus, string | undefined>> = {
  running: undefined,
  completed: "success",
  failed: "danger",
};

function percent(run: SyncRun): number {
  if (run.status === "completed") return 100;
  if (run.pod_total === null || run.pod_total === 0) return 0;
  return Math.min(100, Math.round((handled(run) / run.pod_total) * 100));
}

export function SyncRunProgress({ runId, onUpdate }: { runId: string; onUpdate: (run: SyncRun) => void }) {
  const { t } = useLanguage();
  const run = useSyncRun(runId, onUpdate);
  return (
    <section aria-labelledby="een-run-title" className="mt-4">
      {/* Always there, so a change of state is announced. */}
      <div role="status" className="visually-hidden">
        {run.kind === "loaded" ? t(ANNOUNCE[run.data.status]) : ""}
      </div>
      {run.kind === "failed" && <ProblemAlert problem={run.problem} />}
      {run.kind === "loaded" && <RunDetails run={run.data} />}
    </section>
  );
}

function RunDetails({ run }: { run: SyncRun }) {
  const { t, formatDate, formatNumber } = useLanguage();
  const total = run.pod_total;
  const waiting = total === null && run.status === "running";
  const progressText = total === null
    ? t("een.run.progressUnknown")
    : t("een.run.progressValue", { done: formatNumber(handled(run)), total: formatNumber(total) });
  return (
    <>
      <h3 id="een-run-title" className="h5">
        {t("een.run.title", { date: formatDate(run.started_at, DATE_TIME) })}
      </h3>
      <p className="mb-2">
        <RunStateBadge status={run.status} /> <span className="ms-1">{t(`een.run.mode.${run.mode}`)}</span>
      </p>
      <Progress value={percent(run)} indeterminate={waiting} color={BAR_COLOR[run.status]}
                label={`${t("een.run.progress")}: ${progressText}`}
                aria-label={t("een.run.progress")} aria-valuetext={progressText} />
      <p className="mt-2 mb-3 small">
        {progressText} · {t("een.run.pages", { count: run.counts.pages })}
      </p>
      <RunCounts counts={run.counts} />
      {run.resumed > 0 && <p className="small">{t("een.run.resumed", { count: run.resumed })}</p>}
      {run.errors.length > 0 && (
        <>
          <h4 className="h6">{t("een.run.errors")}</h4>
          <ul className="small" lang="en">
            {run.errors.map((error, i) => <li key={i} className="text-break">{error}</li>)}
          </ul>
        </>
      )}
    </>
  );
}
