import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const NewsPage = lazyPage(() => import("./NewsPage"), "NewsPage");

export const newsRoutes = (
  <>
    <Route path={`${ROUTES.news}/*`} element={<RequireSignIn><NewsPage /></RequireSignIn>} />
  </>
);
