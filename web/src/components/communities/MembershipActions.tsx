import { Button, Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt, type Outcome } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Community } from "./api";
import { InvitationAnswer } from "./InvitationAnswer";
import { LeaveConfirmation } from "./LeaveConfirmation";

/** By access type: join an open community at once; ask to join a private one (and withdraw the
 * request while it waits); a closed one only by accepting an invitation. Members leave (after
 * confirming); the owner stays: someone must own it. */
export function MembershipActions({ community, onChanged }: { community: Community; onChanged: () => void }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mine = community.membership;
  const active = mine?.status === "active";
  const pending = mine?.status === "pending";
  const path = { community_id: community.id };

  async function run(call: () => Promise<Outcome<unknown>>) {
    setBusy(true);
    setProblem(null);
    const outcome = await call();
    setBusy(false);
    setConfirming(false);
    if ("data" in outcome) onChanged();
    else setProblem(outcome.problem);
  }
  const join = () => run(() => attempt(() => communities.POST("/communities/{community_id}/members",
                                                              { params: { path } })));
  const leave = () => run(() => attempt(() => communities.DELETE("/communities/{community_id}/members/me",
                                                                 { params: { path } })));

  if (community.status !== "active") return null;
  return (
    <div className="mb-4">
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 409: "communities.leave.lastOwner" }} />}
      {!active && community.invited && <InvitationAnswer community={community} onAnswered={onChanged} />}
      {!active && !community.invited && community.visibility === "public" && (
        <Button color="primary" disabled={busy} onClick={() => { void join(); }}>{t("communities.join")}</Button>
      )}
      {!active && !pending && !community.invited && community.visibility === "private" && (
        <>
          <p className="mb-2">{t("communities.private.askHint")}</p>
          <Button color="primary" disabled={busy} onClick={() => { void join(); }}>
            {t("communities.requestToJoin")}
          </Button>
        </>
      )}
      {pending && (
        <Callout color="note">
          <CalloutTitle tag="h2">{t("communities.pending.heading")}</CalloutTitle>
          <CalloutText role="status">{t("communities.pending.body")}</CalloutText>
          <Button className="mt-3" color="secondary" outline disabled={busy} onClick={() => { void leave(); }}>
            {t("communities.pending.withdraw")}
          </Button>
        </Callout>
      )}
      {active && mine.role === "owner" && <p className="mb-0">{t("communities.youOwn")}</p>}
      {active && mine.role !== "owner" && (
        <>
          <p className="mb-2">
            {t(mine.role === "moderator" ? "communities.youModerate"
              : mine.role === "author" ? "communities.youWrite" : "communities.youAreMember")}
          </p>
          <Button color="secondary" outline disabled={busy} onClick={() => { setConfirming(true); }}>
            {t("communities.leave")}
          </Button>
          <LeaveConfirmation name={community.name} isPrivate={community.visibility !== "public"}
                             isOpen={confirming} leaving={busy} onConfirm={() => { void leave(); }}
                             onCancel={() => { setConfirming(false); }} />
        </>
      )}
    </div>
  );
}
