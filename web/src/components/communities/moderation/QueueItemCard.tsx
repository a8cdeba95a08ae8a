/** One piece of content in the managers' queue: what it is, where to read it, its mark, its
 * reports, and the decision. */
import { Badge, Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { MemberName } from "../../common/MemberName";
import { ProblemAlert } from "../../common/ProblemAlert";
import { contentPath, type ContentKind, decide, type Decision, type ModerationScope, type QueueItem } from "./api";
import { DecisionForm } from "./DecisionForm";
import { ModerationMark } from "./ModerationMark";
import { ReportList } from "./ReportList";

export const KIND_LABELS: Readonly<Record<ContentKind, MessageKey>> = {
  post: "moderation.kind.post",
  reply: "moderation.kind.reply",
  news: "moderation.kind.news",
  document: "moderation.kind.document",
};

export function QueueItemCard({ scope, item, onDecided }: {
  scope: ModerationScope;
  item: QueueItem;
  onDecided: (decision: Decision, item: QueueItem) => void;
}) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function run(decision: Decision, reason: string) {
    setBusy(true);
    setProblem(null);
    const outcome = await decide(scope, item, decision, reason);
    setBusy(false);
    if ("data" in outcome) onDecided(decision, outcome.data);
    else setProblem(outcome.problem);
  }

  const title = item.title === "" ? t("moderation.queue.untitled") : item.title;
  return (
    <Card className="card-bg mb-3 moderation-item" border>
      <CardBody className="p-3">
        <div className="d-flex flex-wrap gap-2 mb-2">
          <Badge color="primary" pill>{t(KIND_LABELS[item.kind])}</Badge>
          <ModerationMark state={item.state} />
          {item.open_reports > 0 && (
            <Badge color="danger" pill>{t("moderation.queue.openReports", { count: item.open_reports })}</Badge>
          )}
        </div>
        <CardTitle tag="h3" className="h5 text-break">
          {item.gone ? <span className="fst-italic">{t("moderation.queue.gone", { title })}</span>
            : <Link to={contentPath(item)}>{title}</Link>}
        </CardTitle>
        {!item.gone && (
          <p className="small text-secondary mb-2">
            {t("moderation.queue.author")} <MemberName userId={item.author_id} />
            {!item.available && <>{" · "}{t("moderation.queue.unavailable")}</>}
          </p>
        )}
        {item.excerpt !== "" && <CardText className="text-break fst-italic">{item.excerpt}</CardText>}
        {item.reason != null && item.state !== "visible" && (
          <p className="small"><strong>{t("moderation.queue.moderatorReason")}</strong> {item.reason}</p>
        )}
        <ReportList reports={item.reports} />
        {problem !== null && <ProblemAlert problem={problem} />}
        <DecisionForm item={item} busy={busy} onDecide={(d, r) => { void run(d, r); }} />
      </CardBody>
    </Card>
  );
}
