/** The platform operators' moderation of platform-wide news: the same queue as a community's,
 * over `/moderation/queue`. For the operators' page to mount. */
import { useLanguage } from "../../../i18n/language";
import { ModerationQueue } from "./ModerationQueue";

export function PlatformModeration({ headingLevel = "h2" }: { headingLevel?: "h1" | "h2" }) {
  const { t } = useLanguage();
  const Heading = headingLevel;
  return (
    <section aria-labelledby="platform-moderation-title">
      <Heading id="platform-moderation-title">{t("moderation.platformTitle")}</Heading>
      <p>{t("moderation.platformIntro")}</p>
      <ModerationQueue scope={null} />
    </section>
  );
}
