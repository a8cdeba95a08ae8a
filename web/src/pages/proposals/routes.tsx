import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { lazyPage } from "../lazyPage";

const ProposalsPage = lazyPage(() => import("./ProposalsPage"), "ProposalsPage");
const NewProposalPage = lazyPage(() => import("./NewProposalPage"), "NewProposalPage");
const ProposalPage = lazyPage(() => import("./ProposalPage"), "ProposalPage");
const EditProposalPage = lazyPage(() => import("./EditProposalPage"), "EditProposalPage");
const InterestsPage = lazyPage(() => import("./InterestsPage"), "InterestsPage");

export const proposalsRoutes = (
  <>
    <Route path={ROUTES.proposals} element={<ProposalsPage />} />
    <Route path={ROUTES.newProposal} element={<NewProposalPage />} />
    <Route path={ROUTES.proposal} element={<ProposalPage />} />
    <Route path={ROUTES.editProposal} element={<EditProposalPage />} />
    <Route path={ROUTES.interests} element={<InterestsPage />} />
  </>
);
