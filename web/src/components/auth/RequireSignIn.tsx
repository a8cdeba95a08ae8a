/** A page only a signed-in member may see: while the session is being restored, a spinner;
 * signed out, off to the sign-in page, which brings the person back here afterwards.
 *
 *   <Route path={ROUTES.inbox} element={<RequireSignIn><InboxPage /></RequireSignIn>} />
 */
import { Spinner } from "design-react-kit";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useSessionStatus } from "../../auth/session";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";
import type { SignInState } from "./signInState";

export function RequireSignIn({ children }: { children: ReactNode }) {
  const status = useSessionStatus();
  const location = useLocation();
  const { t } = useLanguage();
  if (status === "restoring") {
    return (
      <div className="d-flex align-items-center gap-3 my-4" role="status">
        <Spinner active small />
        <span>{t("auth.restoring")}</span>
      </div>
    );
  }
  if (status === "signed-out") {
    const state: SignInState = { from: { pathname: location.pathname, search: location.search, hash: location.hash } };
    return <Navigate to={ROUTES.signIn} replace state={state} />;
  }
  return <>{children}</>;
}
