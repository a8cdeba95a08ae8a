import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const InboxPage = lazyPage(() => import("./InboxPage"), "InboxPage");

export const inboxRoutes = (
  <>
    <Route path={ROUTES.inbox} element={<InboxPage />} />
  </>
);
