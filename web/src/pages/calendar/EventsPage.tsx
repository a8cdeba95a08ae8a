/** /events: platform-wide events and those of my communities, upcoming or past; my calendar
 * feed; for platform operators, scheduling. `/events/:eventId` is one platform-wide event. */
import { useSession } from "../../auth/session";
import type { EventScope } from "../../components/communities/calendar/api";
import { EventsArea } from "../../components/communities/calendar/EventsArea";
import { FeedBox } from "../../components/communities/calendar/FeedBox";
import { useLanguage } from "../../i18n/language";

export function EventsPage() {
  const { t } = useLanguage();
  const session = useSession();
  const operator = session?.roles.includes("platform_operator") ?? false;
  const scope: EventScope = { kind: "platform", canManage: operator, canParticipate: true };
  return <EventsArea scope={scope} title={t("calendar.platformTitle")} intro={t("calendar.platformIntro")}
                     levels={{ title: "h1", item: "h2" }} aside={<FeedBox headingLevel="h2" />} />;
}
