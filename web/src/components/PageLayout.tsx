/** Every page's frame: the Designers Italia header (slim + center + navbar), the main
 * landmark the skip link targets, and the footer with the accessibility statement. */
import { Container, Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers } from "design-react-kit";
import { useEffect, useRef } from "react";
import { Suspense } from "react";
import { Link, Outlet, useLocation } from "react-router-dom";
import { ROUTES } from "../routes";
import { useLanguage } from "../i18n/language";
import { UserMenu } from "./auth/UserMenu";
import { LoadingState } from "./common/LoadingState";
import { InboxShortcut } from "./inbox/InboxShortcut";
import { LanguageSwitch } from "./LanguageSwitch";
import { MainNavigation } from "./MainNavigation";

const MAIN_ID = "main-content";

export function PageLayout() {
  const { t } = useLanguage();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);

  // After a client-side navigation, focus goes to the new page's content, as on a full load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="visually-hidden-focusable" href={`#${MAIN_ID}`}>{t("layout.skipToContent")}</a>
      {/* The banner landmark: the kit's Headers is a plain div. */}
      <header>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand href="https://www.regione.lombardia.it/">Regione Lombardia</HeaderBrand>
            <HeaderRightZone className="gap-3">
              <LanguageSwitch />
              <UserMenu />
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center">
            <HeaderContent>
              {/* Room on the left for the phone menu's toggle, which sits over this header below lg. */}
              <div className="it-brand-wrapper ps-5 ps-lg-0">
                <Link to={ROUTES.home}>
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t("app.name")}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t("app.tagline")}</div>
                  </div>
                </Link>
              </div>
              <HeaderRightZone>
                <InboxShortcut />
              </HeaderRightZone>
            </HeaderContent>
          </Header>
          <Header type="navbar" theme="">
            <HeaderContent expand="lg" megamenu={false}>
              <MainNavigation />
            </HeaderContent>
          </Header>
        </div>
      </Headers>
      </header>
      <main id={MAIN_ID} ref={main} tabIndex={-1} className="py-5">
        <Container>
          <Suspense fallback={<LoadingState label={t("layout.loadingPage")} />}>
            <Outlet />
          </Suspense>
        </Container>
      </main>
      <footer className="it-footer" aria-label={t("layout.footer")}>
        <div className="it-footer-main">
          <Container className="py-4">
            <p className="mb-2 text-white fw-semibold">{t("app.name")}</p>
            <Link className="text-white" to={ROUTES.accessibility}>{t("layout.accessibilityStatement")}</Link>
          </Container>
        </div>
      </footer>
    </>
  );
}
