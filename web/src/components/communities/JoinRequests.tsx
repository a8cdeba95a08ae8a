import { Button } from "design-react-kit";
import { useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { MemberName, useDisplayName } from "../common/MemberName";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Membership } from "./api";

const PAGE_SIZE = 20;

function JoinRequest({ request, onDecided }: { request: Membership; onDecided: (approved: boolean) => void }) {
  const { t } = useLanguage();
  const name = useDisplayName(request.user_id) ?? t("common.member.unnamed");
  const [deciding, setDeciding] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function decide(approve: boolean) {
    setDeciding(true);
    setProblem(null);
    const path = { community_id: request.community_id, user_id: request.user_id };
    const outcome = await attempt(() => approve
      ? communities.POST("/communities/{community_id}/members/{user_id}/approve", { params: { path } })
      : communities.POST("/communities/{community_id}/members/{user_id}/reject", { params: { path } }));
    setDeciding(false);
    if ("data" in outcome) onDecided(approve);
    else setProblem(outcome.problem);
  }

  return (
    <li className="border-bottom py-2">
      <MemberName userId={request.user_id} />
      <div className="d-flex flex-wrap gap-2 mt-2">
        <Button color="success" size="xs" disabled={deciding} onClick={() => { void decide(true); }}
                aria-label={t("communities.requests.approveName", { name })}>
          {t("communities.requests.approve")}
        </Button>
        <Button color="danger" outline size="xs" disabled={deciding} onClick={() => { void decide(false); }}
                aria-label={t("communities.requests.rejectName", { name })}>
          {t("communities.requests.reject")}
        </Button>
      </div>
      {problem !== null && <ProblemAlert problem={problem} />}
    </li>
  );
}

/** Requests to join a private community, for its owner and moderators to decide. */
export function JoinRequests({ communityId, onApproved }: { communityId: string; onApproved: () => void }) {
  const { t } = useLanguage();
  const [decided, setDecided] = useState<string | null>(null);
  const { list, loadMore, update } = usePagedList<Membership>(communityId, (cursor) =>
    attempt(() => communities.GET("/communities/{community_id}/members", {
      params: { path: { community_id: communityId },
                query: { status: "pending", limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  const done = (request: Membership, approved: boolean) => {
    update((requests) => requests.filter((r) => r.user_id !== request.user_id));
    setDecided(approved ? "communities.requests.approved" : "communities.requests.rejected");
    if (approved) onApproved();
  };

  return (
    <section aria-labelledby="community-requests" className="mb-5">
      <h2 id="community-requests" className="h4">{t("communities.requests")}</h2>
      <p role="status" className={decided === null ? "visually-hidden" : "text-success"}>
        {decided === "communities.requests.approved" && t("communities.requests.approved")}
        {decided === "communities.requests.rejected" && t("communities.requests.rejected")}
      </p>
      {list.kind === "loading" && <LoadingState label={t("communities.requests.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("communities.requests.empty")}</p>}
          <ul className="list-unstyled">
            {list.items.map((request) => (
              <JoinRequest key={request.user_id} request={request}
                           onDecided={(approved) => { done(request, approved); }} />
            ))}
          </ul>
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
