import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Invitation } from "./api";
import { VisibilityBadge } from "./VisibilityBadge";

function MyInvitation({ invitation, onAnswered }: { invitation: Invitation; onAnswered: (accepted: boolean) => void }) {
  const { t, formatDate } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const name = invitation.community_name ?? "";

  async function answer(accept: boolean) {
    setBusy(true);
    setProblem(null);
    const path = { invitation_id: invitation.id };
    const outcome = accept
      ? await attempt(() => communities.POST("/invitations/{invitation_id}/accept", { params: { path } }))
      : await attempt(() => communities.POST("/invitations/{invitation_id}/decline", { params: { path } }));
    setBusy(false);
    if ("data" in outcome) onAnswered(accept);
    else setProblem(outcome.problem);
  }

  return (
    <li className="border-bottom py-2">
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <Link to={communityPath(invitation.community_id)}>{name}</Link>
        {invitation.community_visibility != null && <VisibilityBadge visibility={invitation.community_visibility} />}
      </div>
      <p className="small text-secondary mb-1">
        {t("communities.invitations.expires", { date: formatDate(invitation.expires_at) })}
      </p>
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" size="xs" disabled={busy} onClick={() => { void answer(true); }}
                aria-label={t("communities.invited.acceptName", { name })}>
          {t("communities.invited.accept")}
        </Button>
        <Button color="secondary" outline size="xs" disabled={busy} onClick={() => { void answer(false); }}
                aria-label={t("communities.invited.declineName", { name })}>
          {t("communities.invited.decline")}
        </Button>
      </div>
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 410: "communities.invited.expired" }} />}
    </li>
  );
}

/** The invitations I hold, to accept or decline (nothing shown when there are none). */
export function MyInvitations() {
  const { t } = useLanguage();
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [told, setTold] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void attempt(() => communities.GET("/invitations/mine")).then((outcome) => {
      if (current && "data" in outcome) setInvitations(outcome.data);
    });
    return () => { current = false; };
  }, []);

  const answered = (invitation: Invitation, accepted: boolean) => {
    setInvitations((all) => all.filter((i) => i.id !== invitation.id));
    setTold(t(accepted ? "communities.invited.accepted" : "communities.invited.declined",
              { name: invitation.community_name ?? "" }));
  };

  return (
    <>
      <p role="status" className={told === null ? "visually-hidden" : "text-success"}>{told ?? ""}</p>
      {invitations.length > 0 && (
        <section aria-labelledby="my-invitations" className="mb-4">
          <h2 id="my-invitations" className="h4">{t("communities.myInvitations")}</h2>
          <ul className="list-unstyled">
            {invitations.map((invitation) => (
              <MyInvitation key={invitation.id} invitation={invitation}
                            onAnswered={(accepted) => { answered(invitation, accepted); }} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
