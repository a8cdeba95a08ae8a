import { Route } from "react-router-dom";
import { RequireSignIn } from "../../components/auth/RequireSignIn";
import { lazyPage } from "../lazyPage";

const InvitationPage = lazyPage(() => import("./InvitationPage"), "InvitationPage");

export const invitationsRoutes = (
  <>
    <Route path="/invitations/accept/*" element={<RequireSignIn><InvitationPage /></RequireSignIn>} />
  </>
);
