/** The community page's calendar section (`/communities/:id/events/*`): its events, and for its
 * managers scheduling, changing and cancelling them and the attendance lists. */
import { useLanguage } from "../../../i18n/language";
import { canModerate, isActiveMember } from "../api";
import type { SectionProps } from "../sections/section";
import type { EventScope } from "./api";
import { EventsArea } from "./EventsArea";

export function EventsSection({ community }: SectionProps) {
  const { t } = useLanguage();
  const scope: EventScope = {
    kind: "community", communityId: community.id, canManage: canModerate(community),
    canParticipate: isActiveMember(community),
  };
  return <EventsArea scope={scope} title={t("calendar.communityTitle")} intro={t("calendar.communityIntro")}
                     levels={{ title: "h2", item: "h3" }} />;
}
