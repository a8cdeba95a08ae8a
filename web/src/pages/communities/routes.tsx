import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const CommunitiesPage = lazyPage(() => import("./CommunitiesPage"), "CommunitiesPage");
const NewCommunityPage = lazyPage(() => import("./NewCommunityPage"), "NewCommunityPage");
const CommunityPage = lazyPage(() => import("./CommunityPage"), "CommunityPage");

// Communities are for signed-in members: every API call here needs a session.
export const communitiesRoutes = (
  <>
    <Route path={ROUTES.communities} element={<RequireSignIn><CommunitiesPage /></RequireSignIn>} />
    <Route path={ROUTES.newCommunity} element={<RequireSignIn><NewCommunityPage /></RequireSignIn>} />
    <Route path={`${ROUTES.community}/*`} element={<RequireSignIn><CommunityPage /></RequireSignIn>} />
  </>
);
