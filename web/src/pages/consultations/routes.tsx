import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { lazyPage } from "../lazyPage";

const ConsultationsPage = lazyPage(() => import("./ConsultationsPage"), "ConsultationsPage");

export const consultationsRoutes = (
  <>
    <Route path="/consultations/*" element={<RequireSignIn><ConsultationsPage /></RequireSignIn>} />
  </>
);
