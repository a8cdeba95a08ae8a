import { Alert, Button, FormGroup, Input } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { profiles } from "../../api/clients";
import { isProblem, NETWORK_FAILURE, problemMessage, retryAfterSeconds, type Problem } from "../../api/problem";
import { startSession, useSession } from "../../auth/session";
import { useLanguage } from "../../i18n/language";

type Outcome = { kind: "idle" } | { kind: "failed"; problem: Problem; retryAfter: number | undefined };

export function SignInPage() {
  const { t } = useLanguage();
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  async function signIn(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    try {
      const { data, error, response } = await profiles.POST("/sessions", { body: { email, password } });
      if (data) {
        startSession(data); // the refresh token is not kept: a cookie will carry it (issue 8)
        setPassword("");
        setOutcome({ kind: "idle" });
      } else {
        setOutcome({ kind: "failed", problem: isProblem(error) ? error : { status: response.status },
                     retryAfter: retryAfterSeconds(response) });
      }
    } catch {
      setOutcome({ kind: "failed", problem: NETWORK_FAILURE, retryAfter: undefined });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("signIn.title")}</h1>
        <p>{t("signIn.intro")}</p>
        {session !== null && <Alert color="success">{t("signIn.success")}</Alert>}
        {outcome.kind === "failed" && (
          <Alert color="danger" role="alert">
            {problemMessage(outcome.problem, t, {
              overrides: { 401: "signIn.wrongCredentials" }, retryAfter: outcome.retryAfter,
            })}
          </Alert>
        )}
        <form onSubmit={(event) => { void signIn(event); }} noValidate>
          <FormGroup>
            <Input id="sign-in-email" type="email" label={t("signIn.email")} autoComplete="username"
                   required value={email} onChange={(e) => { setEmail(e.target.value); }} />
          </FormGroup>
          <FormGroup>
            <Input id="sign-in-password" type="password" label={t("signIn.password")}
                   autoComplete="current-password" required value={password}
                   onChange={(e) => { setPassword(e.target.value); }} />
          </FormGroup>
          <Button color="primary" type="submit" disabled={submitting}>
            {submitting ? t("signIn.submitting") : t("signIn.submit")}
          </Button>
        </form>
      </div>
    </div>
  );
}
