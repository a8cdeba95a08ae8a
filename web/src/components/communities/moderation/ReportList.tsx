/** The reports on one item, as its managers read them: who, why, when, and what became of them. */
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { MemberName } from "../../common/MemberName";
import type { QueueItem } from "./api";
import { CATEGORY_LABELS } from "./ReportButton";

type Report = QueueItem["reports"][number];

const OUTCOMES: Readonly<Record<NonNullable<Report["outcome"]>, MessageKey>> = {
  restored: "moderation.outcome.restored",
  hidden: "moderation.outcome.hidden",
  removed: "moderation.outcome.removed",
  hidden_pending_review: "moderation.outcome.hidden",
};

export function ReportList({ reports }: { reports: Report[] }) {
  const { t, formatDate } = useLanguage();
  if (reports.length === 0) return <p className="small text-secondary">{t("moderation.queue.noReports")}</p>;
  return (
    <ul className="list-unstyled mb-3 moderation-reports">
      {reports.map((r) => (
        <li key={r.id} className="border-start border-3 ps-2 mb-2">
          <span className="fw-semibold">{t(CATEGORY_LABELS[r.category])}</span>
          {r.text !== "" && <>{": "}<span className="text-break">{r.text}</span></>}
          <br />
          <span className="small text-secondary">
            {t("moderation.queue.reportedBy")} <MemberName userId={r.reporter_id} />
            {" · "}{formatDate(r.created_at, { dateStyle: "medium", timeStyle: "short" })}
            {r.outcome != null && <>{" · "}{t(OUTCOMES[r.outcome])}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}
