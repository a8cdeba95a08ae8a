/** On phones the navbar folds away: a bell in the header keeps the inbox and its unread count
 * in sight. From lg up the navbar's own "Notifiche" link does that. */
import { Icon } from "design-react-kit";
import { Link } from "react-router-dom";
import { useSession } from "../../auth/session";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";
import { UnreadBadge } from "./UnreadBadge";

export function InboxShortcut() {
  const { t } = useLanguage();
  if (useSession() === null) return null;
  return (
    <Link to={ROUTES.inbox} className="d-lg-none d-inline-flex align-items-center text-white text-decoration-none">
      <Icon icon="it-mail" color="white" aria-hidden />
      <span className="visually-hidden">{t("nav.inbox")}</span>
      <UnreadBadge />
    </Link>
  );
}
