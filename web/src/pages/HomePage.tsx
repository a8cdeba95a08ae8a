import { Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { Link } from "react-router-dom";
import { useMe } from "../auth/me";
import { useSessionStatus } from "../auth/session";
import { useLanguage } from "../i18n/language";
import type { MessageKey } from "../i18n/messages";
import { ROUTES } from "../routes";

interface Destination {
  to: string;
  title: MessageKey;
  text: MessageKey;
}

// Where a signed-in member goes from here: the platform's sections, each with what it is for.
const DESTINATIONS: readonly Destination[] = [
  { to: ROUTES.proposals, title: "nav.proposals", text: "home.proposals" },
  { to: ROUTES.communities, title: "nav.communities", text: "home.communities" },
  { to: ROUTES.inbox, title: "nav.inbox", text: "home.inbox" },
  { to: ROUTES.profile, title: "nav.profile", text: "home.profile" },
];

export function HomePage() {
  const { t } = useLanguage();
  const status = useSessionStatus();
  const me = useMe();

  if (status === "signed-in") {
    return (
      <>
        <h1>{me ? t("home.welcomeBack", { name: me.profile.display_name }) : t("home.title")}</h1>
        <p className="lead">{t("home.whatNext")}</p>
        <div className="row g-4">
          {DESTINATIONS.map((destination) => (
            <div className="col-12 col-md-6 col-lg-3" key={destination.to}>
              <Card className="card-bg h-100">
                <CardBody className="p-4">
                  <CardTitle tag="h2" className="h5">
                    <Link to={destination.to}>{t(destination.title)}</Link>
                  </CardTitle>
                  <CardText>{t(destination.text)}</CardText>
                </CardBody>
              </Card>
            </div>
          ))}
        </div>
      </>
    );
  }

  return (
    <>
      <h1>{t("home.title")}</h1>
      <Card className="card-bg my-4">
        <CardBody className="p-4">
          <CardTitle tag="h2" className="h5">{t("app.tagline")}</CardTitle>
          <CardText>{t("home.intro")}</CardText>
          <div className="d-flex flex-wrap gap-3">
            <Link className="btn btn-primary" to={ROUTES.signIn}>{t("home.signInCta")}</Link>
            <Link className="btn btn-outline-primary" to={ROUTES.signUp}>{t("home.signUpCta")}</Link>
          </div>
        </CardBody>
      </Card>
    </>
  );
}
