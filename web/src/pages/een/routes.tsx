import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { EenConsolePage } from "./EenConsolePage";

export const eenRoutes = (
  <>
    <Route path={ROUTES.een} element={<RequireSignIn><EenConsolePage /></RequireSignIn>} />
  </>
);
