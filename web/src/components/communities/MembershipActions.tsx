import { Button } from "design-react-kit";
import { useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Community } from "./api";
import { LeaveConfirmation } from "./LeaveConfirmation";

/** Join a public community; leave one (after confirming). The owner stays: someone must own it. */
export function MembershipActions({ community, onChanged }: { community: Community; onChanged: () => void }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mine = community.membership;
  const active = mine?.status === "active";
  const path = { community_id: community.id };

  async function join() {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.POST("/communities/{community_id}/members", { params: { path } }));
    setBusy(false);
    if ("data" in outcome) onChanged();
    else setProblem(outcome.problem);
  }

  async function leave() {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.DELETE("/communities/{community_id}/members/me", {
      params: { path },
    }));
    setBusy(false);
    setConfirming(false);
    if ("data" in outcome) onChanged();
    else setProblem(outcome.problem);
  }

  return (
    <div className="mb-4">
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 409: "communities.leave.lastOwner" }} />}
      {!active && community.visibility === "public" && (
        <Button color="primary" disabled={busy} onClick={() => { void join(); }}>{t("communities.join")}</Button>
      )}
      {active && mine.role === "owner" && <p className="mb-0">{t("communities.youOwn")}</p>}
      {active && mine.role !== "owner" && (
        <>
          <p className="mb-2">{t(mine.role === "moderator" ? "communities.youModerate" : "communities.youAreMember")}</p>
          <Button color="secondary" outline disabled={busy} onClick={() => { setConfirming(true); }}>
            {t("communities.leave")}
          </Button>
          <LeaveConfirmation name={community.name} isPrivate={community.visibility === "private"}
                             isOpen={confirming} leaving={busy} onConfirm={() => { void leave(); }}
                             onCancel={() => { setConfirming(false); }} />
        </>
      )}
    </div>
  );
}
