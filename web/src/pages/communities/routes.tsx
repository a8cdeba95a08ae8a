import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { CommunitiesPage } from "./CommunitiesPage";
import { NewCommunityPage } from "./NewCommunityPage";
import { CommunityPage } from "./CommunityPage";

export const communitiesRoutes = (
  <>
    <Route path={ROUTES.communities} element={<CommunitiesPage />} />
    <Route path={ROUTES.newCommunity} element={<NewCommunityPage />} />
    <Route path={ROUTES.community} element={<CommunityPage />} />
  </>
);
