/** The interests the author received on one proposal, newest first, to accept or decline. */
import { useState } from "react";
import { proposals } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { ProblemAlert } from "../common/ProblemAlert";
import { StatusMessage } from "../common/StatusMessage";
import { LoadMore } from "../common/LoadMore";
import { usePagedList } from "../common/usePagedList";
import type { Interest } from "./api";
import { InterestItem } from "./InterestItem";

export function ReceivedInterests({ proposalId }: { proposalId: string }) {
  const { t } = useLanguage();
  const { list, loadMore, update } = usePagedList<Interest>(proposalId, (cursor) => attempt(
    () => proposals.GET("/proposals/{proposal_id}/interests", {
      params: { path: { proposal_id: proposalId }, query: { limit: 20, ...(cursor !== null ? { cursor } : {}) } },
    })));
  const [answer, setAnswer] = useState<Interest["status"] | null>(null);
  const answered = (changed: Interest) => {
    update((items) => items.map((i) => (i.id === changed.id ? changed : i)));
    setAnswer(changed.status);
  };

  return (
    <section aria-labelledby="received-interests" className="my-5">
      <h2 id="received-interests" className="h4">{t("proposals.received.title")}</h2>
      {answer === "accepted" && <StatusMessage>{t("proposals.received.accepted")}</StatusMessage>}
      {answer === "declined" && <StatusMessage color="info">{t("proposals.received.declined")}</StatusMessage>}
      {list.kind === "loading" && <LoadingState label={t("proposals.received.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 ? <p>{t("proposals.received.empty")}</p> : list.items.map((interest) => (
            <InterestItem key={interest.id} interest={interest} received showProposal={false} onAnswered={answered} />
          ))}
          <div className="mt-3">
            <LoadMore label={t("proposals.loadMore")} cursor={list.cursor} more={list.more}
                      onLoad={() => { void loadMore(); }} />
          </div>
        </>
      )}
    </section>
  );
}
