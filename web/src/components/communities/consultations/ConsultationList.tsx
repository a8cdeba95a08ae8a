/** The consultations of a scope, grouped as the reader meets them: open, upcoming, closed (and
 * for managers, drafts). */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import type { MessageKey } from "../../../i18n/messages";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type Consultation, type ConsultationPhase, type ConsultationScope, listConsultations } from "./api";
import { ConsultationBadges, ConsultationDates } from "./ConsultationParts";

const GROUPS: readonly { phase: ConsultationPhase; title: MessageKey }[] = [
  { phase: "open", title: "consultations.group.open" },
  { phase: "upcoming", title: "consultations.group.upcoming" },
  { phase: "closed", title: "consultations.group.closed" },
  { phase: "draft", title: "consultations.group.draft" },
];

function ConsultationItem({ consultation, level }: { consultation: Consultation; level: "h3" | "h4" }) {
  const { t } = useLanguage();
  const Heading = level;
  return (
    <li className="card card-bg mb-3">
      <div className="card-body">
        <Heading className="card-title h5"><Link to={consultation.id}>{consultation.title}</Link></Heading>
        <ConsultationBadges consultation={consultation} />
        <ConsultationDates consultation={consultation} />
        {consultation.response_count !== null && consultation.response_count !== undefined && (
          <p className="small mb-0">{t("consultations.responseCount", { n: consultation.response_count })}</p>
        )}
      </div>
    </li>
  );
}

export function ConsultationList({ scope, headingLevel }: { scope: ConsultationScope; headingLevel: "h2" | "h3" }) {
  const { t } = useLanguage();
  const [loaded, setLoaded] = useState<{ items: Consultation[] } | { problem: Problem } | null>(null);
  useEffect(() => {
    let live = true;
    void listConsultations(scope).then((outcome) => {
      if (live) setLoaded("data" in outcome ? { items: outcome.data } : { problem: outcome.problem });
    });
    return () => { live = false; };
  }, [scope]);
  if (loaded === null) return <LoadingState label={t("consultations.loading")} />;
  if ("problem" in loaded) return <ProblemAlert problem={loaded.problem} />;
  if (loaded.items.length === 0) return <p>{t("consultations.empty")}</p>;
  const Heading = headingLevel;
  return (
    <>
      {GROUPS.map(({ phase, title }) => {
        const items = loaded.items.filter((c) => c.phase === phase);
        if (items.length === 0) return null;
        return (
          <section key={phase} aria-labelledby={`consultations-${phase}`} className="mb-4">
            <Heading id={`consultations-${phase}`} className="h5">{t(title)}</Heading>
            <ul className="list-unstyled">
              {items.map((c) => <ConsultationItem key={c.id} consultation={c} level={headingLevel === "h2" ? "h3" : "h4"} />)}
            </ul>
          </section>
        );
      })}
    </>
  );
}
