/** My profile: what others see of me, my language and notices, my competences and interests;
 * saved with If-Match (a 412 means someone changed it meanwhile); and erasing my account. */
import { Alert, Button } from "design-react-kit";
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { profiles } from "../../api/clients";
import type { components } from "../../api/profiles";
import { isProblem, NETWORK_FAILURE, problemMessage, type Problem } from "../../api/problem";
import { useSession } from "../../auth/session";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { LoadingState } from "../../components/common/LoadingState";
import { StatusMessage } from "../../components/common/StatusMessage";
import { useLanguage } from "../../i18n/language";
import { memberPath, ROUTES } from "../../routes";
import { EraseAccount } from "./EraseAccount";
import { ProfileForm } from "./ProfileForm";

export type Me = components["schemas"]["MeOut"];

type Loaded =
  | { kind: "loading" }
  | { kind: "failed"; problem: Problem }
  | { kind: "ready"; me: Me; etag: string; generation: number };

export function MyProfilePage() {
  const { t } = useLanguage();
  const [erased, setErased] = useState(false);
  // Outside RequireSignIn: once erased the person is signed out, and still reads what happened.
  if (erased) {
    return (
      <>
        <h1>{t("profile.erased.title")}</h1>
        <StatusMessage>{t("profile.erased.body")}</StatusMessage>
        <Link to={ROUTES.home}>{t("profile.erased.home")}</Link>
      </>
    );
  }
  return <RequireSignIn><MyProfile onErased={() => { setErased(true); }} /></RequireSignIn>;
}

async function fetchMe(): Promise<Loaded> {
  try {
    const { data, error, response } = await profiles.GET("/me");
    const etag = response.headers.get("ETag");
    // Each load starts the form afresh (generation); a save keeps it as it is.
    if (data && etag !== null) return { kind: "ready", me: data, etag, generation: Date.now() };
    return { kind: "failed", problem: isProblem(error) ? error : { status: response.status } };
  } catch {
    return { kind: "failed", problem: NETWORK_FAILURE };
  }
}

function MyProfile({ onErased }: { onErased: () => void }) {
  const { t } = useLanguage();
  const userId = useSession()?.userId ?? "";
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  const load = useCallback(() => {
    setLoaded({ kind: "loading" });
    void fetchMe().then(setLoaded);
  }, []);

  useEffect(() => {
    let current = true;
    void fetchMe().then((next) => { if (current) setLoaded(next); });
    return () => { current = false; };
  }, [userId]);

  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>{t("profile.title")}</h1>
        <p>{t("profile.intro")}</p>
        {loaded.kind === "loading" && <LoadingState label={t("profile.loading")} />}
        {loaded.kind === "failed" && (
          <Alert color="danger" role="alert">
            {problemMessage(loaded.problem, t)}{" "}
            <Button color="link" className="p-0 align-baseline" onClick={load}>
              {t("profile.retry")}
            </Button>
          </Alert>
        )}
        {loaded.kind === "ready" && (
          <>
            <p><Link to={memberPath(userId)}>{t("profile.viewPublic")}</Link></p>
            <ProfileForm key={loaded.generation} me={loaded.me} etag={loaded.etag}
                         onSaved={(profile, etag) => {
                           setLoaded({ ...loaded, me: { ...loaded.me, profile }, etag });
                         }}
                         onReload={load} />
            <EraseAccount email={loaded.me.email} onErased={onErased} />
          </>
        )}
      </div>
    </div>
  );
}
