/** A scope's events, upcoming (soonest first) or past (latest first). */
import { Card, CardBody, CardTitle } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import { usePagedList } from "../../common/usePagedList";
import { type CalendarEvent, eventPath, type EventScope, listEvents, type When } from "./api";
import { EventBadges, EventPlace, useEventTime } from "./EventParts";

const PAGE_SIZE = 10;

export function EventCard({ event, headingLevel, showCommunity }: {
  event: CalendarEvent; headingLevel: "h2" | "h3"; showCommunity: boolean;
}) {
  const when = useEventTime();
  return (
    <Card className="card-bg h-100" border>
      <CardBody>
        <EventBadges event={event} />
        <CardTitle tag={headingLevel} className="h5 text-break">
          <Link to={showCommunity ? eventPath(event) : event.id}>{event.title}</Link>
        </CardTitle>
        <p className="small mb-1">{when(event)}</p>
        <p className="small text-secondary mb-0">
          <EventPlace event={event} />
          {showCommunity && event.community_name && <>{" · "}{event.community_name}</>}
        </p>
      </CardBody>
    </Card>
  );
}

export function EventList({ scope, headingLevel }: { scope: EventScope; headingLevel: "h2" | "h3" }) {
  const { t } = useLanguage();
  const [when, setWhen] = useState<When>("upcoming");
  const scopeKey = scope.kind === "community" ? scope.communityId : "platform";
  const { list, loadMore } = usePagedList<CalendarEvent>(`${scopeKey}/${when}`,
    (cursor) => listEvents(scope, when, PAGE_SIZE, cursor));
  return (
    <>
      <div className="btn-group mb-3" role="group" aria-label={t("calendar.when.label")}>
        {(["upcoming", "past"] as const).map((w) => (
          <button key={w} type="button" aria-pressed={when === w}
                  className={`btn btn-sm ${when === w ? "btn-primary" : "btn-outline-primary"}`}
                  onClick={() => { setWhen(w); }}>
            {t(w === "upcoming" ? "calendar.when.upcoming" : "calendar.when.past")}
          </button>
        ))}
      </div>
      {list.kind === "loading" && <LoadingState label={t("calendar.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t(when === "upcoming" ? "calendar.emptyUpcoming" : "calendar.emptyPast")}</p>}
          <ul className="list-unstyled row g-3 mb-3" aria-label={t("calendar.results")}>
            {list.items.map((event) => (
              <li key={event.id} className="col-12 col-md-6">
                <EventCard event={event} headingLevel={headingLevel} showCommunity={scope.kind === "platform"} />
              </li>
            ))}
          </ul>
          <LoadMore label={t("calendar.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </>
  );
}
