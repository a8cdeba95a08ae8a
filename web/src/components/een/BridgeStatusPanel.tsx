/** The bridge at a glance: the POD link and its circuit breaker, where the next incremental
 * sync starts, the last run, what the bridge holds. */
import { Card, CardBody, CardTitle } from "design-react-kit";
import type { ReactNode } from "react";
import { useLanguage } from "../../i18n/language";
import type { BridgeStatus } from "./api";
import { CircuitBadge, RunStateBadge } from "./Badges";
import { DATE_TIME } from "./formats";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="mb-3">
      <dt className="fw-semibold">{term}</dt>
      <dd className="mb-0">{children}</dd>
    </div>
  );
}

export function BridgeStatusPanel({ status }: { status: BridgeStatus }) {
  const { t, formatDate, formatNumber } = useLanguage();
  const { pod, checkpoint, last_run: lastRun, offers } = status;
  const closed = Object.entries(offers).filter(([state]) => state !== "published").reduce((sum, [, n]) => sum + n, 0);
  return (
    <Card className="card-bg h-100">
      <CardBody className="it-card-body">
        <CardTitle tag="h2" className="h4" id="een-status-title">{t("een.status.title")}</CardTitle>
        <dl className="mb-0">
          <Fact term={t("een.status.pod")}>
            {pod.configured ? t("een.status.podConfigured") : t("een.status.podNotConfigured")}
            {pod.base_url !== null && <> <code className="text-break">{pod.base_url}</code></>}
          </Fact>
          <Fact term={t("een.status.circuit")}>
            <CircuitBadge state={pod.circuit} />
            <span className="d-block small mt-1">
              {t("een.status.failures")}: {formatNumber(pod.consecutive_failures)} · {t("een.status.timesOpened")}:{" "}
              {formatNumber(pod.times_opened)}
            </span>
          </Fact>
          <Fact term={t("een.status.checkpoint")}>
            {checkpoint === null ? t("een.status.noCheckpoint") : t("een.status.checkpointValue", {
              reference: checkpoint.reference, date: formatDate(checkpoint.last_update, DATE_TIME),
            })}
          </Fact>
          <Fact term={t("een.status.lastRun")}>
            {lastRun === null ? t("een.status.noRun") : (
              <><RunStateBadge status={lastRun.status} />{" "}
                {t("een.status.lastRunValue", { date: formatDate(lastRun.started_at, DATE_TIME) })}</>
            )}
          </Fact>
          <Fact term={t("een.status.offers")}>
            {t("een.status.offersValue", { published: offers.published ?? 0, closed })}
          </Fact>
          <Fact term={t("een.status.quarantined")}>
            {t("een.status.quarantinedValue", { count: status.quarantined })}
          </Fact>
        </dl>
      </CardBody>
    </Card>
  );
}
