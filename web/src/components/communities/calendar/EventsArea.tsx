/** Events in one scope (a community's section, or the platform's page), with its own routes:
 * the list, `new`, `:eventId` and `:eventId/edit`. */
import type { ReactNode } from "react";
import { Link, Route, Routes, useParams } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import type { EventScope } from "./api";
import { EventEditor } from "./EventEditor";
import { EventList } from "./EventList";
import { EventPage, useEvent } from "./EventPage";

/** Headings: on the platform's page the list's title is the page's h1; in a community's page an h2. */
interface Levels { title: "h1" | "h2"; item: "h2" | "h3" }

function Index({ scope, title, intro, levels, aside }: {
  scope: EventScope; title: string; intro: string; levels: Levels; aside?: ReactNode;
}) {
  const { t } = useLanguage();
  const Title = levels.title;
  return (
    <section aria-labelledby="events-title">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <Title id="events-title" className={levels.title === "h1" ? "mb-0" : "h4 mb-0"}>{title}</Title>
        {scope.canManage && <Link className="btn btn-primary" to="new">{t("calendar.schedule")}</Link>}
      </div>
      <p>{intro}</p>
      {aside}
      <EventList scope={scope} headingLevel={levels.item} />
    </section>
  );
}

function Edit({ scope, level }: { scope: EventScope; level: "h1" | "h2" }) {
  const { t } = useLanguage();
  const { eventId = "" } = useParams();
  const { loaded } = useEvent(scope, eventId);
  if (loaded === null) return <LoadingState label={t("calendar.event.loading")} />;
  if (loaded.kind === "failed") return <ProblemAlert problem={loaded.problem} />;
  return <EventEditor key={loaded.event.id} scope={scope} event={loaded.event} headingLevel={level} />;
}

function One({ scope, level }: { scope: EventScope; level: "h1" | "h2" }) {
  const { eventId = "" } = useParams();
  return <EventPage key={eventId} scope={scope} eventId={eventId} headingLevel={level} />;
}

export function EventsArea({ scope, title, intro, levels, aside }: {
  scope: EventScope; title: string; intro: string; levels: Levels; aside?: ReactNode;
}) {
  return (
    <Routes>
      <Route index element={<Index scope={scope} title={title} intro={intro} levels={levels} aside={aside} />} />
      <Route path="new" element={<EventEditor scope={scope} event={null} headingLevel={levels.title} />} />
      <Route path=":eventId" element={<One scope={scope} level={levels.title} />} />
      <Route path=":eventId/edit" element={<Edit scope={scope} level={levels.title} />} />
    </Routes>
  );
}
