import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { SignInPage } from "./SignInPage";

export const authRoutes = (
  <>
    <Route path={ROUTES.signIn} element={<SignInPage />} />
  </>
);
