import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { lazyPage } from "../lazyPage";

const EventsPage = lazyPage(() => import("./EventsPage"), "EventsPage");

export const calendarRoutes = (
  <>
    <Route path="/events/*" element={<RequireSignIn><EventsPage /></RequireSignIn>} />
  </>
);
