/** The POD profiles (or answers) a sync could not take, with the reason and the start of
 * what the POD sent; a page at a time, open ones only unless asked. */
import { Button, Toggle } from "design-react-kit";
import { useEffect, useState } from "react";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { loadQuarantine, type Quarantined } from "./api";
import { Loading, ProblemAlert } from "./Feedback";
import { DATE_TIME } from "./formats";
import { ScrollableTable } from "./ScrollableTable";

interface Listing {
  items: Quarantined[];
  next: string | null;
  problem: Problem | null;
  loading: boolean;
}

export function QuarantineTable({ labelledBy, version }: { labelledBy: string; version: number }) {
  const { t } = useLanguage();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [listing, setListing] = useState<Listing>({ items: [], next: null, problem: null, loading: true });

  // The first page, again whenever the filter changes or a sync has ended.
  useEffect(() => {
    let live = true;
    void loadQuarantine(includeResolved, null).then((result) => {
      if (!live) return;
      setListing(result.ok
        ? { items: result.data.items, next: result.data.next_cursor ?? null, problem: null, loading: false }
        : { items: [], next: null, problem: result.problem, loading: false });
    });
    return () => { live = false; };
  }, [includeResolved, version]);

  async function more(cursor: string) {
    setListing((l) => ({ ...l, loading: true }));
    const result = await loadQuarantine(includeResolved, cursor);
    setListing((l) => (result.ok
      ? { items: [...l.items, ...result.data.items], next: result.data.next_cursor ?? null, problem: null,
          loading: false }
      : { ...l, problem: result.problem, loading: false }));
  }

  return (
    <>
      <div className="row">
        <div className="col-12 col-md-6 col-lg-4">
          <Toggle id="een-quarantine-resolved" label={t("een.quarantine.includeResolved")} checked={includeResolved}
                  onChange={(e) => { setIncludeResolved(e.target.checked); }} />
        </div>
      </div>
      {listing.problem !== null && <ProblemAlert problem={listing.problem} />}
      {listing.items.length === 0 && !listing.loading && listing.problem === null && (
        <p>{t("een.quarantine.empty")}</p>
      )}
      {listing.items.length > 0 && <QuarantineRows items={listing.items} labelledBy={labelledBy} />}
      {listing.loading && <Loading />}
      {listing.next !== null && !listing.loading && (
        <Button color="primary" outline onClick={() => { if (listing.next !== null) void more(listing.next); }}>
          {t("een.quarantine.more")}
        </Button>
      )}
    </>
  );
}

function QuarantineRows({ items, labelledBy }: { items: readonly Quarantined[]; labelledBy: string }) {
  const { t, formatDate, formatNumber } = useLanguage();
  const resolved = (item: Quarantined) => item.resolved_at !== null && (
    <span className="d-block small fw-normal">
      {t("een.quarantine.resolvedOn", { date: formatDate(item.resolved_at, DATE_TIME) })}
    </span>
  );
  const excerpt = (item: Quarantined) => (
    <details>
      <summary>{t("een.quarantine.showExcerpt")}</summary>
      <code className="d-block small text-break mt-1">{item.excerpt}</code>
    </details>
  );
  // References are short codes: kept on one line; what stands for an unreadable answer may be long.
  const keyClass = (item: Quarantined) => (item.key.length <= 20 ? "text-nowrap" : "text-break");
  return (
    <>
      <div className="d-none d-md-block">
        <ScrollableTable labelledBy={labelledBy}>
          <thead>
            <tr>
              <th scope="col">{t("een.quarantine.key")}</th>
              <th scope="col">{t("een.quarantine.reason")}</th>
              <th scope="col" className="text-end">{t("een.quarantine.timesSeen")}</th>
              <th scope="col">{t("een.quarantine.lastSeen")}</th>
              <th scope="col">{t("een.quarantine.excerpt")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.key}>
                <th scope="row" className={`fw-semibold ${keyClass(item)}`}>{item.key}{resolved(item)}</th>
                <td lang="en">{item.reason}</td>
                <td className="text-end">{formatNumber(item.times_seen)}</td>
                <td className="text-nowrap">{formatDate(item.last_seen_at, DATE_TIME)}</td>
                <td>{excerpt(item)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      </div>
      <ul className="list-unstyled d-md-none" aria-labelledby={labelledBy}>
        {items.map((item) => (
          <li key={item.key} className="border-bottom py-3">
            <p className="fw-semibold text-break mb-1">{item.key}{resolved(item)}</p>
            <p className="mb-1" lang="en">{item.reason}</p>
            <p className="small mb-1">
              {t("een.quarantine.seenSummary", {
                count: item.times_seen, date: formatDate(item.last_seen_at, DATE_TIME) })}
            </p>
            {excerpt(item)}
          </li>
        ))}
      </ul>
    </>
  );
}
