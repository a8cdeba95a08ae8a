/** The community page's moderation section (`/communities/:id/moderation`, for its owner and
 * moderators): the queue of reported content and the decisions on it. */
import { useLanguage } from "../../../i18n/language";
import type { SectionProps } from "../sections/section";
import { ModerationQueue } from "./ModerationQueue";

export function ModerationSection({ community }: SectionProps) {
  const { t } = useLanguage();
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">{t("moderation.title")}</h2>
      <p>{t("moderation.intro")}</p>
      <ModerationQueue scope={community.id} />
    </section>
  );
}
