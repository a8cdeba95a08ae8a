import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

/** A community that does not exist, or a closed one the reader is not in (nor invited to):
 * the two look the same. A closed community takes members by invitation only. */
export function NotVisible() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t("communities.notVisible.title")}</h1>
      <p>{t("communities.notVisible.body")}</p>
      <p className="mt-4"><Link to={ROUTES.communities}>{t("communities.backToList")}</Link></p>
    </>
  );
}
