/** The account corner of the slim header: sign in / sign up when signed out; the member's
 * name (to their profile) and sign out when in. While the session is being restored it
 * holds its place, invisible, so nothing jumps when it appears. */
import { Button, Icon } from "design-react-kit";
import { Link, useNavigate } from "react-router-dom";
import { useMe } from "../../auth/me";
import { signOut, useSessionStatus } from "../../auth/session";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";
import { SessionExpiredDialog } from "./SessionExpiredDialog";

export function UserMenu() {
  const { t } = useLanguage();
  const status = useSessionStatus();
  const me = useMe();
  const navigate = useNavigate();

  async function leave() {
    await signOut();
    void navigate(ROUTES.home);
  }

  let content;
  if (status === "restoring") {
    content = <span className="text-white invisible" aria-hidden="true">{t("auth.menu.signIn")}</span>;
  } else if (status === "signed-out") {
    content = (
      <>
        <Link className="text-white" to={ROUTES.signIn}>{t("auth.menu.signIn")}</Link>
        <Link className="text-white" to={ROUTES.signUp}>{t("auth.menu.signUp")}</Link>
      </>
    );
  } else {
    const name = me?.profile.display_name ?? t("auth.menu.myAccount");
    content = (
      <>
        <Link className="text-white d-inline-flex align-items-center gap-1" to={ROUTES.profile} aria-label={name}>
          <Icon icon="it-user" size="sm" color="white" aria-hidden />
          <span className="d-none d-md-inline text-truncate">{name}</span>
        </Link>
        <Button color="primary" size="xs" className="text-white" onClick={() => { void leave(); }}>
          {t("auth.menu.signOut")}
        </Button>
      </>
    );
  }

  return (
    <div className="d-flex align-items-center gap-3" role="group" aria-label={t("auth.menu.label")}>
      {content}
      <SessionExpiredDialog />
    </div>
  );
}
