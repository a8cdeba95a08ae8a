import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const MyProfilePage = lazyPage(() => import("./MyProfilePage"), "MyProfilePage");
const MemberPage = lazyPage(() => import("./MemberPage"), "MemberPage");

export const profileRoutes = (
  <>
    <Route path={ROUTES.profile} element={<MyProfilePage />} />
    <Route path={ROUTES.member} element={<MemberPage />} />
  </>
);
