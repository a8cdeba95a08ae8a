/** /operator — the platform operators' desk: communities waiting for validation. */
import { ReviewQueue } from "../../components/communities/ReviewQueue";
import { useLanguage } from "../../i18n/language";

export function OperatorPage() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t("communities.operator.title")}</h1>
      <p className="lead">{t("communities.operator.intro")}</p>
      <ReviewQueue />
    </>
  );
}
