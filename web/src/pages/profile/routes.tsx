import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { MyProfilePage } from "./MyProfilePage";
import { MemberPage } from "./MemberPage";

export const profileRoutes = (
  <>
    <Route path={ROUTES.profile} element={<MyProfilePage />} />
    <Route path={ROUTES.member} element={<MemberPage />} />
  </>
);
