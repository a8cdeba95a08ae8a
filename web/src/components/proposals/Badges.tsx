/** What kind of proposal, where it comes from, whether it is still open, where an interest stands. */
import { Badge } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { Interest, InterestStatus, Proposal, ProposalKind } from "./api";

export function KindBadge({ kind }: { kind: ProposalKind }) {
  const { t } = useLanguage();
  return <Badge color="primary">{t(`proposals.kind.${kind}`)}</Badge>;
}

/** An EEN offer says so, with its POD reference; a local proposal is marked as the platform's own. */
export function OriginBadge({ proposal }: { proposal: Pick<Proposal, "source" | "een_reference"> }) {
  const { t } = useLanguage();
  if (proposal.source === "een") {
    return (
      <Badge color="secondary">
        {proposal.een_reference !== null
          ? t("proposals.origin.eenReference", { reference: proposal.een_reference }) : t("proposals.origin.een")}
      </Badge>
    );
  }
  return <Badge color="light" className="border text-dark">{t("proposals.origin.local")}</Badge>;
}

export function ClosedBadge() {
  const { t } = useLanguage();
  return <Badge color="dark">{t("proposals.status.closed")}</Badge>;
}

const INTEREST_COLORS: Readonly<Record<InterestStatus, string>> = {
  pending: "warning",
  accepted: "success",
  declined: "danger",
};

export function InterestStatusBadge({ interest }: { interest: Pick<Interest, "status"> }) {
  const { t } = useLanguage();
  return <Badge color={INTEREST_COLORS[interest.status]}>{t(`proposals.interest.status.${interest.status}`)}</Badge>;
}
