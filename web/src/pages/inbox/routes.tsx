import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { InboxPage } from "./InboxPage";

export const inboxRoutes = (
  <>
    <Route path={ROUTES.inbox} element={<InboxPage />} />
  </>
);
