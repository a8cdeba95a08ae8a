/** Sign up: name, e-mail, password (with its rules), the platform's language; then signed
 * in, and on to the page that sent the person (or home). */
import { Alert, Button, FormGroup, Input } from "design-react-kit";
import { useId, useState, type SubmitEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { profiles } from "../../api/clients";
import { isProblem, NETWORK_FAILURE, problemMessage, retryAfterSeconds, type Problem } from "../../api/problem";
import { isSignInFailure, signIn } from "../../auth/session";
import { returnPath } from "../../components/auth/signInState";
import { useLanguage } from "../../i18n/language";
import { isLanguage, LANGUAGES, type Language, type MessageKey } from "../../i18n/messages";
import { ROUTES } from "../../routes";

/** The service's rules (profiles.domain.model), checked here first to answer at once. */
export const MIN_PASSWORD_LENGTH = 10;
const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/;

interface Form {
  name: string;
  email: string;
  password: string;
  language: Language;
}

type Field = "name" | "email" | "password";
type Mistakes = Partial<Record<Field, MessageKey>>;

export function mistakesIn(form: Form): Mistakes {
  const mistakes: Mistakes = {};
  if (form.name.trim() === "") mistakes.name = "auth.signUp.nameRequired";
  if (!EMAIL.test(form.email.trim())) mistakes.email = "auth.signUp.emailInvalid";
  if (form.password.length < MIN_PASSWORD_LENGTH) mistakes.password = "auth.signUp.passwordTooShort";
  else if (form.password.trim().toLowerCase() === form.email.trim().toLowerCase()) {
    mistakes.password = "auth.signUp.passwordIsEmail";
  }
  return mistakes;
}

type Outcome =
  | { kind: "idle" }
  | { kind: "mistakes"; mistakes: Mistakes }
  | { kind: "failed"; problem: Problem; retryAfter: number | undefined }
  | { kind: "signInFirst" };

export function SignUpPage() {
  const { t, language: shown } = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const languageId = useId();
  const [form, setForm] = useState<Form>({ name: "", email: "", password: "", language: shown });
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const mistakes = outcome.kind === "mistakes" ? outcome.mistakes : {};
  const change = (part: Partial<Form>) => { setForm({ ...form, ...part }); };

  async function signUp(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = mistakesIn(form);
    if (Object.keys(found).length > 0) {
      setOutcome({ kind: "mistakes", mistakes: found });
      return;
    }
    setSubmitting(true);
    try {
      const email = form.email.trim();
      const { data, error, response } = await profiles.POST("/users", {
        body: { display_name: form.name.trim(), email, password: form.password, language: form.language },
      });
      if (data === undefined) {
        setOutcome({ kind: "failed", problem: isProblem(error) ? error : { status: response.status },
                     retryAfter: retryAfterSeconds(response) });
        return;
      }
      const signedIn = await signIn(email, form.password);
      if (isSignInFailure(signedIn)) {
        setOutcome({ kind: "signInFirst" });
        return;
      }
      void navigate(returnPath(location.state) ?? ROUTES.home, { replace: true });
    } catch {
      setOutcome({ kind: "failed", problem: NETWORK_FAILURE, retryAfter: undefined });
    } finally {
      setSubmitting(false);
    }
  }

  const invalid = (field: Field) => mistakes[field] !== undefined;
  const said = (field: Field) => {
    const key = mistakes[field];
    return key === undefined ? undefined : t(key);
  };

  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("auth.signUp.title")}</h1>
        <p>{t("auth.signUp.intro")}</p>
        {outcome.kind === "mistakes" && <Alert color="danger" role="alert">{t("auth.signUp.fixErrors")}</Alert>}
        {outcome.kind === "failed" && (
          <Alert color="danger" role="alert">
            {problemMessage(outcome.problem, t, {
              overrides: { 409: "auth.signUp.emailTaken" }, retryAfter: outcome.retryAfter,
            })}
          </Alert>
        )}
        {outcome.kind === "signInFirst" && (
          <Alert color="success" role="status">
            {t("auth.signUp.createdSignInNow")} <Link to={ROUTES.signIn}>{t("auth.signUp.signInLink")}</Link>
          </Alert>
        )}
        <form onSubmit={(event) => { void signUp(event); }} noValidate>
          <FormGroup>
            <Input id="sign-up-name" label={t("auth.signUp.name")} autoComplete="name" required maxLength={120}
                   value={form.name} onChange={(e) => { change({ name: e.target.value }); }}
                   valid={invalid("name") ? false : undefined} aria-invalid={invalid("name") || undefined}
                   validationText={said("name")} />
          </FormGroup>
          <FormGroup>
            <Input id="sign-up-email" type="email" label={t("auth.signUp.email")} autoComplete="email" required
                   value={form.email} onChange={(e) => { change({ email: e.target.value }); }}
                   valid={invalid("email") ? false : undefined} aria-invalid={invalid("email") || undefined}
                   validationText={said("email")} />
          </FormGroup>
          <FormGroup>
            <Input id="sign-up-password" type="password" label={t("auth.signUp.password")}
                   autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={256}
                   infoText={t("auth.signUp.passwordRules")} value={form.password}
                   onChange={(e) => { change({ password: e.target.value }); }}
                   valid={invalid("password") ? false : undefined} aria-invalid={invalid("password") || undefined}
                   validationText={said("password")} />
          </FormGroup>
          <div className="select-wrapper mb-4">
            <label htmlFor={languageId}>{t("auth.signUp.language")}</label>
            <select id={languageId} value={form.language} onChange={(e) => {
              const chosen = e.target.value;
              if (isLanguage(chosen)) change({ language: chosen });
            }}>
              {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{t(`language.${code}`)}</option>)}
            </select>
          </div>
          <Button color="primary" type="submit" disabled={submitting}>
            {submitting ? t("auth.signUp.submitting") : t("auth.signUp.submit")}
          </Button>
        </form>
        <p className="mt-4">
          {t("auth.signUp.haveAccount")}{" "}
          <Link to={ROUTES.signIn} state={location.state as unknown}>{t("auth.signUp.signInLink")}</Link>
        </p>
      </div>
    </div>
  );
}
