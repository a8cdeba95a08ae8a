/** /invitations/accept?token=… — the page an e-mail invitation's link opens. Anyone may see
 * what it invites to (no sign-in needed); to accept, sign in or create an account: the token
 * is kept in the tab's sessionStorage and in the sign-in page's return address, so the
 * person lands back here signed in and the invitation is accepted, then on to the community. */
import { Button, Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useSessionStatus } from "../../auth/session";
import type { SignInState } from "../../components/auth/signInState";
import { attempt } from "../../components/common/attempt";
import { LoadingState } from "../../components/common/LoadingState";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import type { InvitationPreview } from "../../components/communities/api";
import { VisibilityBadge } from "../../components/communities/VisibilityBadge";
import { useLanguage } from "../../i18n/language";
import { communityPath, ROUTES } from "../../routes";

const KEPT = "oi.invitation.token";
const ACCEPTING = "oi.invitation.accepting";

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The token from the address, or the one kept from before sign-up. */
function useToken(): string {
  const [params] = useSearchParams();
  const fromAddress = params.get("token") ?? "";
  const token = fromAddress !== "" ? fromAddress : storage()?.getItem(KEPT) ?? "";
  useEffect(() => { if (token !== "") storage()?.setItem(KEPT, token); }, [token]);
  return token;
}

type Preview = { kind: "loading" } | { kind: "shown"; preview: InvitationPreview } | { kind: "failed"; problem: Problem };

function usePreview(token: string): Preview {
  const [state, setState] = useState<{ token: string; preview: Preview } | null>(null);
  useEffect(() => {
    if (token === "") return;
    let current = true;
    void attempt(() => communities.GET("/invitations/preview", { params: { query: { token } } })).then((outcome) => {
      if (!current) return;
      setState({ token, preview: "data" in outcome ? { kind: "shown", preview: outcome.data }
                                                  : { kind: "failed", problem: outcome.problem } });
    });
    return () => { current = false; };
  }, [token]);
  if (token === "") return { kind: "failed", problem: { status: 404 } };
  return state?.token === token ? state.preview : { kind: "loading" };
}

function SignInFirst({ token }: { token: string }) {
  const { t } = useLanguage();
  const back: SignInState = { from: { pathname: "/invitations/accept", search: `?token=${encodeURIComponent(token)}`,
                                      hash: "" } };
  const keep = () => { storage()?.setItem(ACCEPTING, token); };
  return (
    <>
      <p>{t("invitations.signInFirst")}</p>
      <div className="d-flex flex-wrap gap-2">
        <Link className="btn btn-primary" to={ROUTES.signUp} state={back} onClick={keep}>
          {t("invitations.signUp")}
        </Link>
        <Link className="btn btn-outline-primary" to={ROUTES.signIn} state={back} onClick={keep}>
          {t("invitations.signIn")}
        </Link>
      </div>
    </>
  );
}

function Accept({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const started = useRef(false);

  async function accept() {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => communities.POST("/invitations/accept", { body: { token } }));
    setBusy(false);
    storage()?.removeItem(ACCEPTING);
    if ("data" in outcome) {
      storage()?.removeItem(KEPT);
      void navigate(communityPath(preview.community_id), { replace: true });
    } else setProblem(outcome.problem);
  }

  // Back from signing up or in through this page: accept at once, as the person asked.
  useEffect(() => {
    if (started.current || storage()?.getItem(ACCEPTING) !== token) return;
    started.current = true;
    void accept();
  });

  return (
    <>
      {problem !== null && (
        <>
          <ProblemAlert problem={problem} overrides={{ 409: "invitations.alreadyUsed", 410: "invitations.expired" }} />
          <p><Link to={communityPath(preview.community_id)}>{t("invitations.openCommunity")}</Link></p>
        </>
      )}
      <Button color="primary" disabled={busy} onClick={() => { void accept(); }}>
        {busy ? t("invitations.accepting") : t("invitations.accept")}
      </Button>
    </>
  );
}

export function InvitationPage() {
  const { t, formatDate } = useLanguage();
  const token = useToken();
  const preview = usePreview(token);
  const session = useSessionStatus();

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("invitations.title")}</h1>
        {preview.kind === "loading" && <LoadingState label={t("invitations.loading")} />}
        {preview.kind === "failed" && (
          <ProblemAlert problem={preview.problem}
                        overrides={{ 404: "invitations.invalid", 410: "invitations.expired" }} />
        )}
        {preview.kind === "shown" && (
          <>
            <Callout color="note">
              <CalloutTitle tag="h2">
                {t("invitations.to", { name: preview.preview.community_name })}
              </CalloutTitle>
              <CalloutText>
                {preview.preview.community_description !== "" ? preview.preview.community_description
                  : t("invitations.noDescription")}
              </CalloutText>
              <div className="d-flex flex-wrap gap-2 align-items-center mt-2">
                <VisibilityBadge visibility={preview.preview.community_visibility} />
                <span className="small">
                  {t("invitations.expires", { date: formatDate(preview.preview.expires_at) })}
                </span>
              </div>
            </Callout>
            {session === "restoring" && <LoadingState label={t("invitations.loading")} />}
            {session === "signed-out" && <SignInFirst token={token} />}
            {session === "signed-in" && <Accept token={token} preview={preview.preview} />}
          </>
        )}
      </div>
    </div>
  );
}
