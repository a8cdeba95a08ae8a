import { Button, Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useEffect, useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Community, Invitation } from "./api";

/** "You are invited": accept (an active member at once, in any access type) or decline. */
export function InvitationAnswer({ community, onAnswered }: { community: Community; onAnswered: () => void }) {
  const { t, formatDate } = useLanguage();
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let current = true;
    void attempt(() => communities.GET("/invitations/mine")).then((outcome) => {
      if (current && "data" in outcome) setInvitation(outcome.data.find((i) => i.community_id === community.id) ?? null);
    });
    return () => { current = false; };
  }, [community.id]);

  async function answer(accept: boolean) {
    if (invitation === null) return;
    setBusy(true);
    setProblem(null);
    const path = { invitation_id: invitation.id };
    const outcome = accept
      ? await attempt(() => communities.POST("/invitations/{invitation_id}/accept", { params: { path } }))
      : await attempt(() => communities.POST("/invitations/{invitation_id}/decline", { params: { path } }));
    setBusy(false);
    if ("data" in outcome) onAnswered();
    else setProblem(outcome.problem);
  }

  return (
    <Callout color="note">
      <CalloutTitle tag="h2">{t("communities.invited.heading")}</CalloutTitle>
      <CalloutText>
        {invitation !== null
          ? t("communities.invited.body", { date: formatDate(invitation.expires_at) })
          : t("communities.invited.loading")}
      </CalloutText>
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 410: "communities.invited.expired" }} />}
      <div className="d-flex flex-wrap gap-2 mt-3">
        <Button color="primary" disabled={busy || invitation === null} onClick={() => { void answer(true); }}>
          {t("communities.invited.accept")}
        </Button>
        <Button color="secondary" outline disabled={busy || invitation === null}
                onClick={() => { void answer(false); }}>
          {t("communities.invited.decline")}
        </Button>
      </div>
    </Callout>
  );
}
