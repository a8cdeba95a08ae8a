/** /operator — the platform operators' desk: communities waiting for validation, and the
 * moderation of platform-wide news. */
import { ReviewQueue } from "../../components/communities/ReviewQueue";
import { PlatformModeration } from "../../components/communities/moderation/PlatformModeration";
import { useLanguage } from "../../i18n/language";

export function OperatorPage() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t("communities.operator.title")}</h1>
      <p className="lead">{t("communities.operator.intro")}</p>
      <ReviewQueue />
      <div className="mt-5"><PlatformModeration /></div>
    </>
  );
}
