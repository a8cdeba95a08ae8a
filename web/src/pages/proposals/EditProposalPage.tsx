/** /proposals/:id/edit (its author only): revise the content with If-Match, so an edit made
 * meanwhile elsewhere is never overwritten unseen. */
import { Alert, Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { proposals } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useSession } from "../../auth/session";
import { attempt } from "../../components/common/attempt";
import { LoadingState } from "../../components/common/LoadingState";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import type { Proposal } from "../../components/proposals/api";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { ProposalForm, type ProposalDraft } from "../../components/proposals/ProposalForm";
import { useLanguage } from "../../i18n/language";
import { NotFoundPage } from "../NotFoundPage";
import { proposalPath } from "../../routes";

type Loaded = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "loaded"; proposal: Proposal; etag: string };

function draftOf(p: Proposal): ProposalDraft {
  return { kind: p.kind, title: p.title, summary: p.summary, description: p.description,
           descriptors: [...p.descriptors], deadline: p.deadline ?? "", shareWithEen: p.share_with_een };
}

function EditProposal({ proposalId }: { proposalId: string }) {
  const { t } = useLanguage();
  const session = useSession();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [reloads, setReloads] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let current = true;
    void attempt(() => proposals.GET("/proposals/{proposal_id}", { params: { path: { proposal_id: proposalId } } }))
      .then((outcome) => {
        if (!current) return;
        setLoaded("data" in outcome
          ? { kind: "loaded", proposal: outcome.data, etag: outcome.response.headers.get("ETag") ?? "" }
          : { kind: "failed", problem: outcome.problem });
      });
    return () => { current = false; };
  }, [proposalId, reloads]);

  if (loaded.kind === "loading") return <LoadingState label={t("proposals.proposal.loading")} />;
  if (loaded.kind === "failed") {
    if (loaded.problem.status === 404) return <NotFoundPage />;
    return <><h1>{t("proposals.edit.title")}</h1><ProblemAlert problem={loaded.problem} /></>;
  }
  const { proposal, etag } = loaded;
  const back = <Link to={proposalPath(proposal.id)}>{t("proposals.edit.back")}</Link>;
  if (proposal.owner_id !== session?.userId) {
    return <><h1>{t("proposals.edit.title")}</h1><Alert color="warning">{t("proposals.edit.notYours")}</Alert>{back}</>;
  }
  if (proposal.status === "closed") {
    return <><h1>{t("proposals.edit.title")}</h1><Alert color="info">{t("proposals.edit.closed")}</Alert>{back}</>;
  }

  async function save(draft: ProposalDraft) {
    setProblem(null);
    const outcome = await attempt(() => proposals.PATCH("/proposals/{proposal_id}", {
      params: { path: { proposal_id: proposal.id }, header: { "If-Match": etag } },
      body: {
        title: draft.title.trim(), summary: draft.summary.trim(), description: draft.description.trim(),
        descriptors: draft.descriptors, share_with_een: draft.shareWithEen,
        // An empty date leaves the deadline as it is: the API cannot take one away.
        ...(draft.deadline !== "" && draft.deadline !== proposal.deadline ? { deadline: draft.deadline } : {}),
      },
    }));
    if ("data" in outcome) void navigate(proposalPath(proposal.id), { state: { saved: true } });
    else setProblem(outcome.problem);
  }

  const stale = problem?.status === 412 || problem?.status === 428;
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("proposals.edit.title")}</h1>
        <p>{back}</p>
        {stale && (
          <Alert color="warning" role="alert">
            {t("proposals.edit.changedMeanwhile")}{" "}
            <Button color="link" className="p-0 align-baseline"
                    onClick={() => { setProblem(null); setLoaded({ kind: "loading" }); setReloads(reloads + 1); }}>
              {t("proposals.edit.reload")}
            </Button>
          </Alert>
        )}
        <ProposalForm key={`${proposal.id}-${String(proposal.version)}`} initial={draftOf(proposal)} editing
                      problem={stale ? null : problem} onSubmit={save}
                      submitLabel={t("proposals.edit.submit")} submittingLabel={t("proposals.edit.submitting")} />
      </div>
    </div>
  );
}

export function EditProposalPage() {
  const { proposalId = "" } = useParams();
  return <NeedsSignIn><EditProposal proposalId={proposalId} /></NeedsSignIn>;
}
