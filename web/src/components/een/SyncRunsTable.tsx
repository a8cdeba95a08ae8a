/** The latest sync runs, newest first: when, what kind, how it ended, what each did. A table
 * from tablets up; on a phone, one short entry per run. */
import { useLanguage } from "../../i18n/language";
import type { SyncRun } from "./api";
import { RunStateBadge } from "./Badges";
import { DATE_TIME } from "./formats";
import { OUTCOMES } from "./RunCounts";
import { ScrollableTable } from "./ScrollableTable";

export function SyncRunsTable({ runs, labelledBy }: { runs: readonly SyncRun[]; labelledBy: string }) {
  const { t, formatDate, formatNumber } = useLanguage();
  if (runs.length === 0) return <p>{t("een.runs.empty")}</p>;
  const finished = (run: SyncRun) =>
    run.finished_at === null ? t("een.runs.notFinished") : formatDate(run.finished_at, DATE_TIME);
  return (
    <>
      <div className="d-none d-md-block">
        <ScrollableTable labelledBy={labelledBy}>
          <thead>
            <tr>
              <th scope="col">{t("een.runs.started")}</th>
              <th scope="col">{t("een.runs.finished")}</th>
              <th scope="col">{t("een.runs.mode")}</th>
              <th scope="col">{t("een.runs.state")}</th>
              {OUTCOMES.map(([field, label]) => <th scope="col" key={field} className="text-end">{t(label)}</th>)}
              <th scope="col" className="text-end">{t("een.runs.pages")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td className="text-nowrap">{formatDate(run.started_at, DATE_TIME)}</td>
                <td className="text-nowrap">{finished(run)}</td>
                <td>{t(`een.run.mode.${run.mode}`)}</td>
                <td><RunStateBadge status={run.status} /></td>
                {OUTCOMES.map(([field]) => (
                  <td key={field} className="text-end">{formatNumber(run.counts[field])}</td>
                ))}
                <td className="text-end">{formatNumber(run.counts.pages)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      </div>
      <ul className="list-unstyled d-md-none" aria-labelledby={labelledBy}>
        {runs.map((run) => (
          <li key={run.id} className="border-bottom py-3">
            <p className="mb-1">
              <span className="fw-semibold">{formatDate(run.started_at, DATE_TIME)}</span>{" "}
              <RunStateBadge status={run.status} /> {t(`een.run.mode.${run.mode}`)}
            </p>
            <p className="small mb-1">{t("een.runs.finished")}: {finished(run)}</p>
            <p className="small mb-0">
              {[...OUTCOMES.map(([field, label]) => `${t(label)} ${formatNumber(run.counts[field])}`),
                `${t("een.runs.pages")} ${formatNumber(run.counts.pages)}`].join(" · ")}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
