import { Link } from "react-router-dom";
import { useLanguage } from "../i18n/language";
import { ROUTES } from "../routes";

export function NotFoundPage() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <Link to={ROUTES.home}>{t("notFound.home")}</Link>
    </>
  );
}
