import { useLanguage } from "../../i18n/language";

/** Placeholder until the page is built. */
export function MemberPage() {
  const { t } = useLanguage();
  return <h1>{t("profile.title")}</h1>;
}
