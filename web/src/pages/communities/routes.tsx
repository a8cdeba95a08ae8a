import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { CommunitiesPage } from "./CommunitiesPage";
import { NewCommunityPage } from "./NewCommunityPage";
import { CommunityPage } from "./CommunityPage";

// Communities are for signed-in members: every API call here needs a session.
export const communitiesRoutes = (
  <>
    <Route path={ROUTES.communities} element={<RequireSignIn><CommunitiesPage /></RequireSignIn>} />
    <Route path={ROUTES.newCommunity} element={<RequireSignIn><NewCommunityPage /></RequireSignIn>} />
    <Route path={ROUTES.community} element={<RequireSignIn><CommunityPage /></RequireSignIn>} />
  </>
);
