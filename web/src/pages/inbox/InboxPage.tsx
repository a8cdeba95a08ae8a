import { useLanguage } from "../../i18n/language";

/** Placeholder until the page is built. */
export function InboxPage() {
  const { t } = useLanguage();
  return <h1>{t("inbox.title")}</h1>;
}
