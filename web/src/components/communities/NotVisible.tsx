import { Button, Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Membership } from "./api";

/** A community that does not exist, or a private one the reader is not in: the two look the same.
 * Its address is the invitation: whoever has it may ask to join, and then sees the request pending. */
export function NotVisible({ communityId, request, onChanged }: {
  communityId: string;
  request: Membership | null;
  onChanged: (request: Membership | null) => void;
}) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [gone, setGone] = useState(false);
  const pending = request?.status === "pending";
  const path = { community_id: communityId };

  async function ask() {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.POST("/communities/{community_id}/members", { params: { path } }));
    setBusy(false);
    if ("data" in outcome) onChanged(outcome.data);
    else if (outcome.problem.status === 404) setGone(true);
    else setProblem(outcome.problem);
  }

  async function withdraw() {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.DELETE("/communities/{community_id}/members/me", {
      params: { path },
    }));
    setBusy(false);
    if ("data" in outcome) onChanged(null);
    else setProblem(outcome.problem);
  }

  return (
    <>
      <h1>{t(pending ? "communities.pending.title" : "communities.notVisible.title")}</h1>
      {problem !== null && <ProblemAlert problem={problem} />}
      {pending ? (
        <Callout color="note">
          <CalloutTitle tag="h2">{t("communities.pending.heading")}</CalloutTitle>
          <CalloutText role="status">{t("communities.pending.body")}</CalloutText>
          <Button className="mt-3" color="secondary" outline disabled={busy} onClick={() => { void withdraw(); }}>
            {t("communities.pending.withdraw")}
          </Button>
        </Callout>
      ) : (
        <>
          <p>{t("communities.notVisible.body")}</p>
          {gone
            ? <p role="alert">{t("communities.notVisible.gone")}</p>
            : (
              <>
                <p>{t("communities.notVisible.invited")}</p>
                <Button color="primary" disabled={busy} onClick={() => { void ask(); }}>
                  {t("communities.requestToJoin")}
                </Button>
              </>
            )}
        </>
      )}
      <p className="mt-4"><Link to={ROUTES.communities}>{t("communities.backToList")}</Link></p>
    </>
  );
}
