import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const EventsPage = lazyPage(() => import("./EventsPage"), "EventsPage");

export const calendarRoutes = (
  <>
    <Route path={`${ROUTES.events}/*`} element={<RequireSignIn><EventsPage /></RequireSignIn>} />
  </>
);
