import { Route, Routes } from "react-router-dom";
import { PageLayout } from "./components/PageLayout";
import { AccessibilityPage } from "./pages/AccessibilityPage";
import { authRoutes } from "./pages/auth/routes";
import { communitiesRoutes } from "./pages/communities/routes";
import { eenRoutes } from "./pages/een/routes";
import { HomePage } from "./pages/HomePage";
import { inboxRoutes } from "./pages/inbox/routes";
import { NotFoundPage } from "./pages/NotFoundPage";
import { profileRoutes } from "./pages/profile/routes";
import { proposalsRoutes } from "./pages/proposals/routes";
import { ROUTES } from "./routes";
import { newsRoutes } from "./pages/news/routes";
import { calendarRoutes } from "./pages/calendar/routes";
import { consultationsRoutes } from "./pages/consultations/routes";
import { invitationsRoutes } from "./pages/invitations/routes";
import { moderationRoutes } from "./pages/moderation/routes";

export function App() {
  return (
    <Routes>
      <Route element={<PageLayout />}>
        <Route index element={<HomePage />} />
        {authRoutes}
        {profileRoutes}
        {communitiesRoutes}
        {proposalsRoutes}
        {inboxRoutes}
        {eenRoutes}
        {newsRoutes}
        {calendarRoutes}
        {consultationsRoutes}
        {invitationsRoutes}
        {moderationRoutes}
        <Route path={ROUTES.accessibility} element={<AccessibilityPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
