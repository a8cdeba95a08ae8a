/** The e-mail and password form that signs in (the refresh token goes to its cookie): on the
 * sign-in page, and in the dialog that resumes an expired session. */
import { Alert, Button, FormGroup, Input } from "design-react-kit";
import { useState, type ReactNode, type SubmitEvent } from "react";
import { isProblem, problemMessage, retryAfterSeconds, type Problem } from "../../api/problem";
import { isSignInFailure, signIn, type Session } from "../../auth/session";
import { useLanguage } from "../../i18n/language";

interface Props {
  /** Prefix of the inputs' ids: two forms may be on screen at once (a page and the dialog). */
  idPrefix: string;
  submitLabel: string;
  onSignedIn: (session: Session) => void;
  /** More buttons beside the submit one (the dialog's cancel). */
  children?: ReactNode;
}

type Outcome = { kind: "idle" } | { kind: "failed"; problem: Problem; retryAfter: number | undefined };

export function SignInForm({ idPrefix, submitLabel, onSignedIn, children }: Props) {
  const { t } = useLanguage();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    const result = await signIn(email.trim(), password);
    setSubmitting(false);
    if (isSignInFailure(result)) {
      setOutcome({ kind: "failed", problem: isProblem(result.body) ? result.body : { status: result.status },
                   retryAfter: retryAfterSeconds(result.response) });
      return;
    }
    setPassword("");
    setOutcome({ kind: "idle" });
    onSignedIn(result);
  }

  return (
    <form onSubmit={(event) => { void submit(event); }} noValidate>
      {outcome.kind === "failed" && (
        <Alert color="danger" role="alert">
          {problemMessage(outcome.problem, t, {
            overrides: { 401: "signIn.wrongCredentials" }, retryAfter: outcome.retryAfter,
          })}
        </Alert>
      )}
      <FormGroup>
        <Input id={`${idPrefix}-email`} type="email" label={t("signIn.email")} autoComplete="username"
               required value={email} onChange={(e) => { setEmail(e.target.value); }} />
      </FormGroup>
      <FormGroup>
        <Input id={`${idPrefix}-password`} type="password" label={t("signIn.password")}
               autoComplete="current-password" required value={password}
               onChange={(e) => { setPassword(e.target.value); }} />
      </FormGroup>
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={submitting}>
          {submitting ? t("signIn.submitting") : submitLabel}
        </Button>
        {children}
      </div>
    </form>
  );
}
