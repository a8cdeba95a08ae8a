import { useLanguage } from "../i18n/language";

export function AccessibilityPage() {
  const { t } = useLanguage();
  return (
    <article>
      <h1>{t("accessibility.title")}</h1>
      <p>{t("accessibility.body")}</p>
      <p>{t("accessibility.status")}</p>
      <p>{t("accessibility.feedback")}</p>
    </article>
  );
}
