import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { lazyPage } from "../lazyPage";

const OperatorPage = lazyPage(() => import("./OperatorPage"), "OperatorPage");

export const moderationRoutes = (
  <>
    <Route path="/operator/*" element={<RequireSignIn><OperatorPage /></RequireSignIn>} />
  </>
);
