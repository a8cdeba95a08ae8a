import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const EenConsolePage = lazyPage(() => import("./EenConsolePage"), "EenConsolePage");

export const eenRoutes = (
  <>
    <Route path={ROUTES.een} element={<RequireSignIn><EenConsolePage /></RequireSignIn>} />
  </>
);
