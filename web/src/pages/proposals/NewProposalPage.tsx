/** /proposals/new: publish a proposal, then on to its page. */
import { useNavigate } from "react-router-dom";
import { proposals } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { useCreateOnce } from "../../components/common/useCreateOnce";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { EMPTY_DRAFT, ProposalForm, type ProposalDraft } from "../../components/proposals/ProposalForm";
import { useLanguage } from "../../i18n/language";
import { proposalPath } from "../../routes";

function NewProposal() {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const { problem, create } = useCreateOnce();

  async function publish(draft: ProposalDraft) {
    const outcome = await create((idempotencyKey) => attempt(() => proposals.POST("/proposals", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: {
        kind: draft.kind, title: draft.title.trim(), summary: draft.summary.trim(),
        description: draft.description.trim(), descriptors: draft.descriptors,
        share_with_een: draft.shareWithEen, ...(draft.deadline !== "" ? { deadline: draft.deadline } : {}),
      },
    })));
    if ("data" in outcome) void navigate(proposalPath(outcome.data.id), { state: { published: true } });
  }

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("proposals.create.title")}</h1>
        <p>{t("proposals.create.intro")}</p>
        <ProposalForm initial={EMPTY_DRAFT} editing={false} problem={problem} onSubmit={publish}
                      submitLabel={t("proposals.create.submit")} submittingLabel={t("proposals.create.submitting")} />
      </div>
    </div>
  );
}

export function NewProposalPage() {
  return <NeedsSignIn><NewProposal /></NeedsSignIn>;
}
