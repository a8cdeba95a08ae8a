/** What a sync run did with the profiles it read, one number per outcome. */
import { useLanguage } from "../../i18n/language";
import type { MessageKey } from "../../i18n/messages";
import type { SyncRun } from "./api";

type Counts = SyncRun["counts"];

export const OUTCOMES: readonly (readonly [keyof Counts, MessageKey])[] = [
  ["created", "een.counts.created"],
  ["updated", "een.counts.updated"],
  ["closed", "een.counts.closed"],
  ["unchanged", "een.counts.unchanged"],
  ["quarantined", "een.counts.quarantined"],
  ["skipped_own", "een.counts.skippedOwn"],
];

export function RunCounts({ counts }: { counts: Counts }) {
  const { t, formatNumber } = useLanguage();
  return (
    <dl className="row g-2 mb-3">
      {OUTCOMES.map(([field, label]) => (
        <div key={field} className="col-6 col-md-4">
          <dt className="small fw-normal">{t(label)}</dt>
          <dd className="h5 mb-0">{formatNumber(counts[field])}</dd>
        </div>
      ))}
    </dl>
  );
}
