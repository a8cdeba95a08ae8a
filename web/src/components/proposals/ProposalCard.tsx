import { Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import { proposalPath } from "../../routes";
import { DescriptorChips } from "../descriptors/DescriptorLabel";
import type { Proposal } from "./api";
import { ClosedBadge, KindBadge, OriginBadge } from "./Badges";

const EXCERPT = 200;

function excerpt(text: string): string {
  return text.length <= EXCERPT ? text : `${text.slice(0, EXCERPT - 1).trimEnd()}…`;
}

/** One proposal in the list: title (the link), kind, origin, summary, descriptors and date. */
export function ProposalCard({ proposal }: { proposal: Proposal }) {
  const { t, formatDate } = useLanguage();
  return (
    <Card className="card-bg h-100" border>
      <CardBody>
        <div className="d-flex flex-wrap gap-2 mb-2">
          <KindBadge kind={proposal.kind} />
          <OriginBadge proposal={proposal} />
          {proposal.status === "closed" && <ClosedBadge />}
        </div>
        <CardTitle tag="h2" className="h5 text-break">
          <Link to={proposalPath(proposal.id)}>{proposal.title}</Link>
        </CardTitle>
        <CardText className="text-break">{excerpt(proposal.summary)}</CardText>
        <p className="small text-secondary mb-2">
          {t("proposals.publishedOn", { date: formatDate(proposal.published_at) })}
        </p>
        <DescriptorChips codes={proposal.descriptors} label={t("proposals.descriptors")} />
      </CardBody>
    </Card>
  );
}
