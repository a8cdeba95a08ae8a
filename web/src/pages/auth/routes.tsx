import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { SignInPage } from "./SignInPage";
import { SignUpPage } from "./SignUpPage";

export const authRoutes = (
  <>
    <Route path={ROUTES.signIn} element={<SignInPage />} />
    <Route path={ROUTES.signUp} element={<SignUpPage />} />
  </>
);
