/** Consultations in one scope (a community's section, or the platform's page), with their own
 * routes: the list, `new`, `:consultationId` and `:consultationId/edit`. */
import { Link, Route, Routes, useLocation, useParams } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import type { ConsultationScope } from "./api";
import { ConsultationEditor } from "./ConsultationEditor";
import { ConsultationList } from "./ConsultationList";
import { ConsultationView, useConsultation } from "./ConsultationView";

interface Levels { title: "h1" | "h2"; group: "h2" | "h3" }

function Index({ scope, title, intro, levels }: { scope: ConsultationScope; title: string; intro: string; levels: Levels }) {
  const { t } = useLanguage();
  const location = useLocation();
  const Title = levels.title;
  return (
    <section aria-labelledby="consultations-title">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <Title id="consultations-title" className={levels.title === "h1" ? "mb-0" : "h4 mb-0"}>{title}</Title>
        {scope.canManage && <Link className="btn btn-primary" to="new">{t("consultations.create")}</Link>}
      </div>
      <p>{intro}</p>
      {(location.state as { deleted?: boolean } | null)?.deleted && <StatusMessage>{t("consultations.done.deleted")}</StatusMessage>}
      <ConsultationList scope={scope} headingLevel={levels.group} />
    </section>
  );
}

function Edit({ scope, level }: { scope: ConsultationScope; level: "h1" | "h2" }) {
  const { t } = useLanguage();
  const { consultationId = "" } = useParams();
  const { loaded } = useConsultation(scope, consultationId);
  if (loaded === null) return <LoadingState label={t("consultations.view.loading")} />;
  if (loaded.kind === "failed") return <ProblemAlert problem={loaded.problem} />;
  return <ConsultationEditor key={loaded.consultation.id} scope={scope} consultation={loaded.consultation} headingLevel={level} />;
}

function One({ scope, level }: { scope: ConsultationScope; level: "h1" | "h2" }) {
  const { consultationId = "" } = useParams();
  return <ConsultationView key={consultationId} scope={scope} id={consultationId} headingLevel={level} />;
}

export function ConsultationsArea({ scope, title, intro, levels }: {
  scope: ConsultationScope; title: string; intro: string; levels: Levels;
}) {
  return (
    <Routes>
      <Route index element={<Index scope={scope} title={title} intro={intro} levels={levels} />} />
      <Route path="new" element={<ConsultationEditor scope={scope} consultation={null} headingLevel={levels.title} />} />
      <Route path=":consultationId" element={<One scope={scope} level={levels.title} />} />
      <Route path=":consultationId/edit" element={<Edit scope={scope} level={levels.title} />} />
    </Routes>
  );
}
