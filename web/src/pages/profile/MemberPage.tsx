/** Another member's public profile: name, organisation, competences and interests as labels. */
import { Alert, Card, CardBody } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { profiles } from "../../api/clients";
import type { components } from "../../api/profiles";
import { isProblem, NETWORK_FAILURE, problemMessage, type Problem } from "../../api/problem";
import { useSession } from "../../auth/session";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { LoadingState } from "../../components/common/LoadingState";
import { DescriptorChips } from "../../components/descriptors/DescriptorLabel";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

type PublicProfile = components["schemas"]["PublicProfileOut"];
type Loaded = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "ready"; profile: PublicProfile };

export function MemberPage() {
  const session = useSession();
  const { userId = "" } = useParams();
  return (
    <RequireSignIn>
      <Member key={userId} userId={userId} mine={userId === session?.userId} />
    </RequireSignIn>
  );
}

function Member({ userId, mine }: { userId: string; mine: boolean }) {
  const { t } = useLanguage();
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    profiles.GET("/profiles/{user_id}", { params: { path: { user_id: userId } } }).then(
      ({ data, error, response }) => {
        if (!current) return;
        if (data) setLoaded({ kind: "ready", profile: data });
        else setLoaded({ kind: "failed", problem: isProblem(error) ? error : { status: response.status } });
      },
      () => { if (current) setLoaded({ kind: "failed", problem: NETWORK_FAILURE }); },
    );
    return () => { current = false; };
  }, [userId]);

  if (loaded.kind === "loading") {
    return <><h1>{t("profile.member.title")}</h1><LoadingState label={t("profile.member.loading")} /></>;
  }
  if (loaded.kind === "failed") {
    if (loaded.problem.status === 404) {
      return (
        <>
          <h1>{t("profile.member.notFound.title")}</h1>
          <p>{t("profile.member.notFound.body")}</p>
          <Link to={ROUTES.home}>{t("profile.member.notFound.home")}</Link>
        </>
      );
    }
    return <><h1>{t("profile.member.title")}</h1><Alert color="danger" role="alert">{problemMessage(loaded.problem, t)}</Alert></>;
  }
  const { profile } = loaded;
  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>{profile.display_name}</h1>
        {profile.organisation != null && profile.organisation !== "" && (
          <p className="lead">{profile.organisation}</p>
        )}
        {mine && <p><Link to={ROUTES.profile}>{t("profile.member.edit")}</Link></p>}
        <Card className="card-bg mb-4">
          <CardBody className="p-4">
            <h2 className="h5">{t("profile.competences")}</h2>
            <DescriptorChips codes={profile.competences} label={t("profile.competences")}
                             empty={t("profile.member.noCompetences")} />
          </CardBody>
        </Card>
        <Card className="card-bg mb-4">
          <CardBody className="p-4">
            <h2 className="h5">{t("profile.interests")}</h2>
            <DescriptorChips codes={profile.interests} label={t("profile.interests")}
                             empty={t("profile.member.noInterests")} />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
