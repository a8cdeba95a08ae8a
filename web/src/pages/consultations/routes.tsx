import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const ConsultationsPage = lazyPage(() => import("./ConsultationsPage"), "ConsultationsPage");

export const consultationsRoutes = (
  <>
    <Route path={`${ROUTES.consultations}/*`} element={<RequireSignIn><ConsultationsPage /></RequireSignIn>} />
  </>
);
