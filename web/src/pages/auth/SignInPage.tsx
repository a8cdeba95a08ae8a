/** Sign in: e-mail and password; then back to the page that sent the person here
 * (RequireSignIn), or home. */
import { Alert } from "design-react-kit";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useSession } from "../../auth/session";
import { SignInForm } from "../../components/auth/SignInForm";
import { returnPath } from "../../components/auth/signInState";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

export function SignInPage() {
  const { t } = useLanguage();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const back = returnPath(location.state);

  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("signIn.title")}</h1>
        {session !== null ? (
          <Alert color="success" role="status">
            {t("signIn.success")} <Link to={ROUTES.home}>{t("auth.signIn.goHome")}</Link>
          </Alert>
        ) : (
          <>
            {back !== null ? <p role="status">{t("auth.signIn.redirected")}</p> : <p>{t("signIn.intro")}</p>}
            <SignInForm idPrefix="sign-in" submitLabel={t("signIn.submit")}
                        onSignedIn={() => { void navigate(back ?? ROUTES.home, { replace: true }); }} />
            <p className="mt-4">
              {t("auth.signIn.noAccount")}{" "}
              <Link to={ROUTES.signUp} state={location.state as unknown}>{t("auth.signIn.signUpLink")}</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
