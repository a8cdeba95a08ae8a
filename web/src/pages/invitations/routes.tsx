import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const InvitationPage = lazyPage(() => import("./InvitationPage"), "InvitationPage");

// No RequireSignIn: whoever holds an e-mail invitation's link sees what it invites to before
// signing in or up (the page keeps the token across both, then accepts).
export const invitationsRoutes = (
  <>
    <Route path={`${ROUTES.invitationAccept}/*`} element={<InvitationPage />} />
  </>
);
