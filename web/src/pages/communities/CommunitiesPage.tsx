import { useLanguage } from "../../i18n/language";

/** Placeholder until the page is built. */
export function CommunitiesPage() {
  const { t } = useLanguage();
  return <h1>{t("communities.title")}</h1>;
}
