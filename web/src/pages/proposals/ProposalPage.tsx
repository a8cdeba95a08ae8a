/** /proposals/:id: the proposal; its author edits, closes, follows the EEN export and answers the
 * interests received; any other member expresses interest and follows its status. */
import { Alert } from "design-react-kit";
import { useCallback, useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { proposals } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useSession } from "../../auth/session";
import { attempt } from "../../components/common/attempt";
import { LoadingState } from "../../components/common/LoadingState";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import { StatusMessage } from "../../components/common/StatusMessage";
import { DescriptorChips } from "../../components/descriptors/DescriptorLabel";
import type { Proposal } from "../../components/proposals/api";
import { ClosedBadge, KindBadge, OriginBadge } from "../../components/proposals/Badges";
import { CloseProposal } from "../../components/proposals/CloseProposal";
import { EenExportStatus } from "../../components/proposals/EenExportStatus";
import { ExpressInterest } from "../../components/proposals/ExpressInterest";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { Paragraphs } from "../../components/proposals/Paragraphs";
import { ReceivedInterests } from "../../components/proposals/ReceivedInterests";
import { useLanguage } from "../../i18n/language";
import { editProposalPath, ROUTES } from "../../routes";
import { NotFoundPage } from "../NotFoundPage";

type Loaded = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "loaded"; proposal: Proposal };

function useProposal(proposalId: string) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [refreshing, setRefreshing] = useState(false);
  const fetchIt = useCallback(() => attempt(
    () => proposals.GET("/proposals/{proposal_id}", { params: { path: { proposal_id: proposalId } } })), [proposalId]);

  useEffect(() => {
    let current = true;
    void fetchIt().then((outcome) => {
      if (current) setLoaded("data" in outcome ? { kind: "loaded", proposal: outcome.data }
        : { kind: "failed", problem: outcome.problem });
    });
    return () => { current = false; };
  }, [fetchIt]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    const outcome = await fetchIt();
    setRefreshing(false);
    if ("data" in outcome) setLoaded({ kind: "loaded", proposal: outcome.data });
  }, [fetchIt]);

  const replace = useCallback((proposal: Proposal) => { setLoaded({ kind: "loaded", proposal }); }, []);
  return { loaded, refreshing, refresh, replace };
}

function Flash() {
  const { t } = useLanguage();
  const { state } = useLocation() as { state: { published?: boolean; saved?: boolean } | null };
  if (state?.published === true) return <StatusMessage>{t("proposals.flash.published")}</StatusMessage>;
  if (state?.saved === true) return <StatusMessage>{t("proposals.flash.saved")}</StatusMessage>;
  return null;
}

function ProposalDetail({ proposalId }: { proposalId: string }) {
  const { t, formatDate } = useLanguage();
  const session = useSession();
  const { loaded, refreshing, refresh, replace } = useProposal(proposalId);
  const [justClosed, setJustClosed] = useState(false);

  if (loaded.kind === "loading") return <LoadingState label={t("proposals.proposal.loading")} />;
  if (loaded.kind === "failed") {
    if (loaded.problem.status === 404 || loaded.problem.status === 422) return <NotFoundPage />;
    return <><h1>{t("proposals.title")}</h1><ProblemAlert problem={loaded.problem} /></>;
  }
  const { proposal } = loaded;
  const mine = proposal.owner_id !== null && proposal.owner_id === session?.userId;
  const closed = proposal.status === "closed";

  return (
    <article aria-labelledby="proposal-title">
      <p><Link to={ROUTES.proposals}>{t("proposals.backToList")}</Link></p>
      <Flash />
      {justClosed && <StatusMessage>{t("proposals.flash.closed")}</StatusMessage>}
      <div className="d-flex flex-wrap gap-2 mb-2">
        <KindBadge kind={proposal.kind} />
        <OriginBadge proposal={proposal} />
        {closed && <ClosedBadge />}
      </div>
      <h1 id="proposal-title" className="text-break">{proposal.title}</h1>
      <p className="text-secondary">
        {t("proposals.publishedOn", { date: formatDate(proposal.published_at) })}
        {proposal.updated_at !== proposal.published_at && (
          <> · {t("proposals.updatedOn", { date: formatDate(proposal.updated_at) })}</>
        )}
        {proposal.deadline !== null && <> · {t("proposals.deadline", { date: formatDate(proposal.deadline) })}</>}
      </p>
      {closed && (
        <Alert color="info">
          {t(`proposals.closedNotice.${proposal.closed_reason === "fulfilled" || proposal.closed_reason === "expired"
            ? proposal.closed_reason : "withdrawn"}`)}
        </Alert>
      )}
      {proposal.source === "een" && <p>{t("proposals.eenOffer")}</p>}
      {mine && !closed && (
        <div className="d-flex flex-wrap gap-2 my-4">
          <Link className="btn btn-primary" to={editProposalPath(proposal.id)}>{t("proposals.edit")}</Link>
          <CloseProposal proposal={proposal} onClosed={(p) => { replace(p); setJustClosed(true); }} />
        </div>
      )}
      <p className="lead text-break">{proposal.summary}</p>
      {proposal.description !== "" && (
        <section aria-labelledby="proposal-description" className="mb-4">
          <h2 id="proposal-description" className="h4">{t("proposals.description")}</h2>
          <Paragraphs text={proposal.description} />
        </section>
      )}
      <section aria-labelledby="proposal-descriptors" className="mb-4">
        <h2 id="proposal-descriptors" className="h4">{t("proposals.descriptors")}</h2>
        <DescriptorChips codes={proposal.descriptors} empty={t("proposals.descriptorsNone")} />
      </section>
      {mine && <EenExportStatus proposal={proposal} checking={refreshing} onCheck={() => { void refresh(); }} />}
      {mine ? <ReceivedInterests proposalId={proposal.id} /> : <ExpressInterest proposal={proposal} />}
    </article>
  );
}

export function ProposalPage() {
  const { proposalId = "" } = useParams();
  return <NeedsSignIn><ProposalDetail key={proposalId} proposalId={proposalId} /></NeedsSignIn>;
}
