/** The navbar under the header: the platform's sections, folded behind a toggle on phones
 * (Designers Italia's header navbar: HeaderToggler + a navbar Collapse). */
import { Collapse, HeaderToggler, Icon, Nav, NavItem } from "design-react-kit";
import { useState } from "react";
import { NavLink } from "react-router-dom";
import { useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";
import type { MessageKey } from "../i18n/messages";
import { ROUTES } from "../routes";
import { UnreadBadge } from "./inbox/UnreadBadge";

interface Section {
  to: string;
  label: MessageKey;
  end?: boolean;
}

const PUBLIC_SECTIONS: readonly Section[] = [
  { to: ROUTES.home, label: "nav.home", end: true },
  { to: ROUTES.communities, label: "nav.communities" },
  { to: ROUTES.proposals, label: "nav.proposals" },
];

const EEN_CONSOLE: Section = { to: ROUTES.een, label: "nav.een" };
const OPERATOR_DESK: Section = { to: ROUTES.operator, label: "nav.operator" };

const MEMBER_SECTIONS: readonly Section[] = [
  { to: ROUTES.news, label: "nav.news" },
  { to: ROUTES.events, label: "nav.events" },
  { to: ROUTES.consultations, label: "nav.consultations" },
  { to: ROUTES.interests, label: "nav.interests" },
  { to: ROUTES.profile, label: "nav.profile" },
];

export function MainNavigation() {
  const { t } = useLanguage();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const close = () => { setOpen(false); }; // a chosen section closes the menu

  const sections = [
    ...PUBLIC_SECTIONS,
    ...(session !== null ? MEMBER_SECTIONS : []),
    ...(session?.roles.includes("een_operator") ? [EEN_CONSOLE] : []),
    ...(session?.roles.includes("platform_operator") ? [OPERATOR_DESK] : []),
  ];

  return (
    <nav aria-label={t("layout.mainNavigation")} className="w-100">
      <HeaderToggler aria-controls="main-navigation" aria-expanded={open} aria-label={t("layout.toggleNavigation")}
                     onClick={() => { setOpen(!open); }}>
        <Icon icon="it-burger" aria-hidden />
      </HeaderToggler>
      <Collapse navbar header isOpen={open} id="main-navigation" onOverlayClick={close}
                closeSrText={t("layout.closeNavigation")}>
        <div className="menu-wrapper">
          <Nav navbar>
            {sections.map((section) => (
              <NavItem key={section.to}>
                <NavLink className="nav-link" to={section.to} end={section.end ?? false} onClick={close}>
                  <span>{t(section.label)}</span>
                </NavLink>
              </NavItem>
            ))}
            {session !== null && (
              <NavItem>
                <NavLink className="nav-link" to={ROUTES.inbox} onClick={close}>
                  <span>{t("nav.inbox")}</span> <UnreadBadge />
                </NavLink>
              </NavItem>
            )}
          </Nav>
        </div>
      </Collapse>
    </nav>
  );
}
