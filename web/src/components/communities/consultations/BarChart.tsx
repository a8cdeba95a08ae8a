/** A horizontal bar chart that reads without seeing it: each bar is a list item whose label,
 * count and share are text; the bar itself is decoration (aria-hidden). No chart library. */
import { useLanguage } from "../../../i18n/language";
import { percent } from "./api";

export interface Bar {
  key: string;
  label: string;
  count: number;
}

export function BarChart({ bars, total, label }: { bars: readonly Bar[]; total: number; label: string }) {
  const { t } = useLanguage();
  return (
    <ul className="list-unstyled consultation-chart mb-3" aria-label={label}>
      {bars.map((bar) => {
        const share = percent(bar.count, total);
        return (
          <li key={bar.key} className="mb-2" data-testid="result-bar">
            <div className="d-flex justify-content-between gap-3 small">
              <span className="fw-semibold text-break">{bar.label}</span>
              <span className="text-nowrap">{t("consultations.results.count", { count: bar.count, percent: share })}</span>
            </div>
            <div aria-hidden="true" className="bg-light rounded" style={{ height: "0.75rem" }}>
              <div className="bg-primary rounded h-100" style={{ width: `${share}%`, minWidth: bar.count > 0 ? "2px" : 0 }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
