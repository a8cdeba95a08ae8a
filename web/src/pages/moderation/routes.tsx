import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const OperatorPage = lazyPage(() => import("./OperatorPage"), "OperatorPage");

export const moderationRoutes = (
  <>
    <Route path={`${ROUTES.operator}/*`} element={<RequireSignIn><OperatorPage /></RequireSignIn>} />
  </>
);
