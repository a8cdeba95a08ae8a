import { useLanguage } from "../../i18n/language";

/** Placeholder until the page is built. */
export function NewProposalPage() {
  const { t } = useLanguage();
  return <h1>{t("proposals.title")}</h1>;
}
