/** The community page's sections as tabs, one address each (`/communities/:id/news`, …), so a
 * section can be linked to and the browser's back button moves between them. Members-only
 * content (a private community) shows a notice instead of the tabs to those outside it. */
import { NavLink, Route, Routes } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { communityPath } from "../../../routes";
import { canModerate, isActiveMember } from "../api";
import { EventsSection } from "../calendar/EventsSection";
import { ConsultationsSection } from "../consultations/ConsultationsSection";
import { DiscussionSection } from "../discussion/DiscussionSection";
import { DocumentsSection } from "../documents/DocumentsSection";
import { ModerationSection } from "../moderation/ModerationSection";
import { NewsSection } from "../news/NewsSection";
import type { SectionProps } from "./section";

interface Tab {
  path: string;
  label: MessageKey;
  managersOnly?: boolean;
  Section: (props: SectionProps) => React.JSX.Element;
}

const TABS: Tab[] = [
  { path: "", label: "communities.tabs.discussion", Section: DiscussionSection },
  { path: "news", label: "communities.tabs.news", Section: NewsSection },
  { path: "documents", label: "communities.tabs.documents", Section: DocumentsSection },
  { path: "events", label: "communities.tabs.events", Section: EventsSection },
  { path: "consultations", label: "communities.tabs.consultations", Section: ConsultationsSection },
  { path: "moderation", label: "communities.tabs.moderation", Section: ModerationSection, managersOnly: true },
];

export function CommunitySections(props: SectionProps) {
  const { t } = useLanguage();
  const { community } = props;
  if (community.visibility !== "public" && !isActiveMember(community)) {
    return <p className="alert alert-info">{t("communities.tabs.locked")}</p>;
  }
  const tabs = TABS.filter((tab) => !tab.managersOnly || canModerate(community));
  const base = communityPath(community.id);
  return (
    <>
      <nav aria-label={t("communities.tabs.label")} className="mb-4">
        {/* Tabs wrap on a phone rather than scroll: every section stays in sight. */}
        <ul className="nav nav-tabs flex-wrap">
          {tabs.map((tab) => (
            <li className="nav-item" key={tab.path}>
              <NavLink end={tab.path === ""} to={tab.path === "" ? base : `${base}/${tab.path}`}
                       className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}>
                {t(tab.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        {tabs.map(({ path, Section }) => (
          <Route key={path} path={path === "" ? "" : `${path}/*`} element={<Section {...props} />} />
        ))}
      </Routes>
    </>
  );
}
