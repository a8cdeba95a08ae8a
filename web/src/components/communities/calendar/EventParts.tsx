/** Small pieces every calendar view shares: when an event is (on its own zone's clock), where,
 * and its badges (cancelled, past, full, my registration). */
import { Badge } from "design-react-kit";
import { useLanguage } from "../../../i18n/language";
import type { CalendarEvent } from "./api";
import { DEFAULT_TIME_ZONE } from "./zonedTime";

/** "10 December 2026, 18:00 – 20:00" in the event's zone, in the reader's language (the zone
 * named when it is not Italy's). */
export function useEventTime(): (event: CalendarEvent) => string {
  const { formatDate } = useLanguage();
  return (event) => {
    const timeZone = event.time_zone;
    const start = formatDate(event.starts_at, { dateStyle: "long", timeStyle: "short", timeZone });
    const sameDay = formatDate(event.starts_at, { dateStyle: "short", timeZone })
      === formatDate(event.ends_at, { dateStyle: "short", timeZone });
    const end = sameDay ? formatDate(event.ends_at, { timeStyle: "short", timeZone })
      : formatDate(event.ends_at, { dateStyle: "long", timeStyle: "short", timeZone });
    return `${start} – ${end}${timeZone === DEFAULT_TIME_ZONE ? "" : ` (${timeZone})`}`;
  };
}

export function EventBadges({ event }: { event: CalendarEvent }) {
  const { t } = useLanguage();
  const mine = event.my_registration;
  const active = mine && mine.status !== "cancelled" ? mine : null;
  return (
    <div className="d-flex flex-wrap gap-2 mb-2">
      {event.status === "cancelled" && <Badge color="danger" pill>{t("calendar.badge.cancelled")}</Badge>}
      {event.status !== "cancelled" && event.past && <Badge color="dark" pill>{t("calendar.badge.past")}</Badge>}
      {event.status !== "cancelled" && !event.past && event.seats_left === 0
        && <Badge color="warning" pill>{t("calendar.badge.full")}</Badge>}
      {active?.status === "registered" && <Badge color="success" pill>{t("calendar.badge.registered")}</Badge>}
      {active?.status === "waiting" && (
        <Badge color="info" pill>{t("calendar.badge.waiting", { position: active.position ?? 1 })}</Badge>
      )}
      {event.community_id === null && <Badge color="primary" pill>{t("calendar.badge.platform")}</Badge>}
    </div>
  );
}

export function EventPlace({ event }: { event: CalendarEvent }) {
  const { t } = useLanguage();
  return (
    <>
      {event.place !== null && <span>{event.place}</span>}
      {event.place !== null && event.online_url !== null && " · "}
      {event.online_url !== null && (
        <a href={event.online_url} target="_blank" rel="noopener noreferrer">{t("calendar.onlineLink")}</a>
      )}
    </>
  );
}
