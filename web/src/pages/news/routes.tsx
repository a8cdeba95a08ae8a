import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { lazyPage } from "../lazyPage";

const NewsPage = lazyPage(() => import("./NewsPage"), "NewsPage");

export const newsRoutes = (
  <>
    <Route path="/news/*" element={<RequireSignIn><NewsPage /></RequireSignIn>} />
  </>
);
