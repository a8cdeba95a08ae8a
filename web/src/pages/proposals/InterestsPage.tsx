/** /interests: the expressions of interest I sent and those I received, in two tabs (links, so
 * each tab has its own address), with their status; received ones can be answered here. */
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { proposals } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { LoadingState } from "../../components/common/LoadingState";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import { StatusMessage } from "../../components/common/StatusMessage";
import { LoadMore } from "../../components/common/LoadMore";
import { usePagedList } from "../../components/common/usePagedList";
import type { Interest } from "../../components/proposals/api";
import { InterestItem } from "../../components/proposals/InterestItem";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

type Role = "sent" | "received";
const ROLES: readonly Role[] = ["received", "sent"];

function InterestList({ role }: { role: Role }) {
  const { t } = useLanguage();
  const { list, loadMore, update } = usePagedList<Interest>(role, (cursor) => attempt(
    () => proposals.GET("/interests", { params: { query: { role, limit: 20, ...(cursor !== null ? { cursor } : {}) } } })));
  const [answer, setAnswer] = useState<Interest["status"] | null>(null);

  if (list.kind === "loading") return <LoadingState label={t("proposals.interests.loading")} />;
  if (list.kind === "failed") return <ProblemAlert problem={list.problem} />;
  return (
    <>
      {answer === "accepted" && <StatusMessage>{t("proposals.received.accepted")}</StatusMessage>}
      {answer === "declined" && <StatusMessage color="info">{t("proposals.received.declined")}</StatusMessage>}
      {list.items.length === 0 && (
        <p>{t(role === "sent" ? "proposals.interests.emptySent" : "proposals.interests.emptyReceived")}{" "}
          <Link to={ROUTES.proposals}>{t("proposals.interests.browse")}</Link></p>
      )}
      {list.items.map((interest) => (
        <InterestItem key={interest.id} interest={interest} received={role === "received"} showProposal
                      onAnswered={(changed) => {
                        update((items) => items.map((i) => (i.id === changed.id ? changed : i)));
                        setAnswer(changed.status);
                      }} />
      ))}
      <div className="mt-3">
        <LoadMore label={t("proposals.loadMore")} cursor={list.cursor} more={list.more}
                  onLoad={() => { void loadMore(); }} />
      </div>
    </>
  );
}

function Interests() {
  const { t } = useLanguage();
  const [params] = useSearchParams();
  const role: Role = params.get("tab") === "sent" ? "sent" : "received";
  return (
    <>
      <h1>{t("proposals.interests.title")}</h1>
      <p>{t("proposals.interests.intro")}</p>
      <nav aria-label={t("proposals.interests.tabs")} className="mb-4">
        {/* Bootstrap Italia's nav-tabs as links (each tab has its address); the kit's TabNavItem is
            role="presentation", which a list of links must not be. */}
        <ul className="nav nav-tabs">
          {ROLES.map((r) => (
            <li key={r} className="nav-item">
              <Link className={`nav-link${r === role ? " active" : ""}`} to={`${ROUTES.interests}?tab=${r}`}
                    aria-current={r === role ? "page" : undefined}>
                {t(`proposals.interests.tab.${r}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="interests-tab-title">
        <h2 id="interests-tab-title" className="visually-hidden">{t(`proposals.interests.tab.${role}`)}</h2>
        <InterestList key={role} role={role} />
      </section>
    </>
  );
}

export function InterestsPage() {
  return <NeedsSignIn><Interests /></NeedsSignIn>;
}
