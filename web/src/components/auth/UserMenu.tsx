/** Placeholder: sign in / sign up links, or the signed-in member's name and sign out. */
import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

export function UserMenu() {
  const { t } = useLanguage();
  return <Link className="text-white" to={ROUTES.signIn}>{t("nav.signIn")}</Link>;
}
