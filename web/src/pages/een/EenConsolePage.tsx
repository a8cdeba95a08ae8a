import { useLanguage } from "../../i18n/language";

/** Placeholder until the page is built. */
export function EenConsolePage() {
  const { t } = useLanguage();
  return <h1>{t("een.title")}</h1>;
}
