import { Button } from "design-react-kit";
import { useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { MemberName } from "../common/MemberName";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Invitation } from "./api";
import { InviteForm } from "./InviteForm";

const PAGE_SIZE = 20;

function InvitationRow({ invitation, onRevoked }: { invitation: Invitation; onRevoked: () => void }) {
  const { t, formatDate } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function revoke() {
    setBusy(true);
    const outcome = await attempt(() => communities.DELETE("/communities/{community_id}/invitations/{invitation_id}", {
      params: { path: { community_id: invitation.community_id, invitation_id: invitation.id } },
    }));
    setBusy(false);
    if ("data" in outcome) onRevoked();
    else setProblem(outcome.problem);
  }

  return (
    <li className="border-bottom py-2">
      <div className="text-break">
        {invitation.email ?? (invitation.user_id !== null && invitation.user_id !== undefined
          ? <MemberName userId={invitation.user_id} /> : null)}
      </div>
      <p className="small text-secondary mb-1">
        {t(invitation.expired ? "communities.invitations.expired" : "communities.invitations.expires",
           { date: formatDate(invitation.expires_at) })}
      </p>
      {invitation.accept_url !== null && invitation.accept_url !== undefined && (
        <details className="small mb-1">
          <summary>{t("communities.invitations.showLink")}</summary>
          <code className="text-break">{invitation.accept_url}</code>
        </details>
      )}
      <Button color="danger" outline size="xs" disabled={busy} onClick={() => { void revoke(); }}>
        {t("communities.invitations.revoke")}
      </Button>
      {problem !== null && <ProblemAlert problem={problem} />}
    </li>
  );
}

/** For owners and moderators: invite, and the invitations still open (revocable). */
export function InvitationsSection({ communityId }: { communityId: string }) {
  const { t } = useLanguage();
  const [generation, setGeneration] = useState(0);
  const { list, loadMore, update } = usePagedList<Invitation>(`${communityId}/${generation}`, (cursor) =>
    attempt(() => communities.GET("/communities/{community_id}/invitations", {
      params: { path: { community_id: communityId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  return (
    <section aria-labelledby="community-invitations" className="mb-5">
      <h2 id="community-invitations" className="h4">{t("communities.invitations")}</h2>
      <InviteForm communityId={communityId} onInvited={() => { setGeneration((g) => g + 1); }} />
      {list.kind === "loading" && <LoadingState label={t("communities.invitations.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("communities.invitations.empty")}</p>}
          <ul className="list-unstyled" aria-label={t("communities.invitations.open")}>
            {list.items.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation}
                             onRevoked={() => { update((all) => all.filter((i) => i.id !== invitation.id)); }} />
            ))}
          </ul>
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
