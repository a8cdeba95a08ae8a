import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { EenConsolePage } from "./EenConsolePage";

export const eenRoutes = (
  <>
    <Route path={ROUTES.een} element={<EenConsolePage />} />
  </>
);
