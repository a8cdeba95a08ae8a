import { Button, FormGroup, TextArea } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { MemberName } from "../common/MemberName";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Community } from "./api";
import { CommunityDescriptors } from "./CommunityDescriptors";
import { VisibilityBadge } from "./VisibilityBadge";

const PAGE_SIZE = 20;

function Candidate({ community, onReviewed }: { community: Community; onReviewed: (approved: boolean) => void }) {
  const { t } = useLanguage();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function review(approved: boolean) {
    if (!approved && reason.trim() === "") {
      setMissing(true);
      return;
    }
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.POST("/communities/{community_id}/review", {
      params: { path: { community_id: community.id } },
      body: approved ? { outcome: "approved", ...(reason.trim() !== "" ? { reason: reason.trim() } : {}) }
        : { outcome: "rejected", reason: reason.trim() },
    }));
    setBusy(false);
    if ("data" in outcome) onReviewed(approved);
    else setProblem(outcome.problem);
  }

  return (
    <li className="border-bottom py-3">
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <h3 className="h5 mb-0"><Link to={communityPath(community.id)}>{community.name}</Link></h3>
        <VisibilityBadge visibility={community.visibility} />
      </div>
      <p className="small text-secondary mb-1">{t("communities.review.by")} <MemberName userId={community.owner_id} /></p>
      {community.description !== "" && <p className="text-break">{community.description}</p>}
      <CommunityDescriptors codes={community.descriptors} />
      <FormGroup className="mt-3">
        <TextArea id={`review-reason-${community.id}`} label={t("communities.review.reason")} rows={2}
                  value={reason} maxLength={1000} onChange={(e) => { setReason(e.target.value); setMissing(false); }}
                  {...(missing ? { valid: false, "aria-invalid": true,
                                   validationText: t("communities.review.reasonMissing") } : {})} />
      </FormGroup>
      <div className="d-flex flex-wrap gap-2">
        <Button color="success" size="xs" disabled={busy} onClick={() => { void review(true); }}
                aria-label={t("communities.review.approveName", { name: community.name })}>
          {t("communities.review.approve")}
        </Button>
        <Button color="danger" outline size="xs" disabled={busy} onClick={() => { void review(false); }}
                aria-label={t("communities.review.rejectName", { name: community.name })}>
          {t("communities.review.reject")}
        </Button>
      </div>
      {problem !== null && <ProblemAlert problem={problem} />}
    </li>
  );
}

/** For platform operators: communities waiting for validation, to approve or refuse (with a reason). */
export function ReviewQueue() {
  const { t } = useLanguage();
  const [told, setTold] = useState<string | null>(null);
  const { list, loadMore, update } = usePagedList<Community>("review-queue", (cursor) =>
    attempt(() => communities.GET("/communities/review-queue", {
      params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  const reviewed = (community: Community, approved: boolean) => {
    update((all) => all.filter((c) => c.id !== community.id));
    setTold(t(approved ? "communities.review.approved" : "communities.review.rejected", { name: community.name }));
  };

  return (
    <section aria-labelledby="review-queue" className="mb-5">
      <h2 id="review-queue" className="h3">{t("communities.review.queue")}</h2>
      <p role="status" className={told === null ? "visually-hidden" : "text-success"}>{told ?? ""}</p>
      {list.kind === "loading" && <LoadingState label={t("communities.review.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem}
                                               overrides={{ 403: "communities.review.operatorsOnly" }} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("communities.review.empty")}</p>}
          <ul className="list-unstyled">
            {list.items.map((community) => (
              <Candidate key={community.id} community={community}
                         onReviewed={(approved) => { reviewed(community, approved); }} />
            ))}
          </ul>
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
