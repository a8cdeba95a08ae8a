import { Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { Link } from "react-router-dom";
import { useLanguage } from "../i18n/language";
import { ROUTES } from "../routes";

export function HomePage() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <Card className="card-bg my-4">
        <CardBody>
          <CardTitle tag="h2" className="h5">{t("app.tagline")}</CardTitle>
          <CardText>{t("home.intro")}</CardText>
          <Link className="btn btn-primary" to={ROUTES.signIn}>{t("home.signInCta")}</Link>
        </CardBody>
      </Card>
    </>
  );
}
