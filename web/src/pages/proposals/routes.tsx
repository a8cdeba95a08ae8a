import { Route } from "react-router-dom";
import { ROUTES } from "../../routes";
import { ProposalsPage } from "./ProposalsPage";
import { NewProposalPage } from "./NewProposalPage";
import { ProposalPage } from "./ProposalPage";
import { EditProposalPage } from "./EditProposalPage";
import { InterestsPage } from "./InterestsPage";

export const proposalsRoutes = (
  <>
    <Route path={ROUTES.proposals} element={<ProposalsPage />} />
    <Route path={ROUTES.newProposal} element={<NewProposalPage />} />
    <Route path={ROUTES.proposal} element={<ProposalPage />} />
    <Route path={ROUTES.editProposal} element={<EditProposalPage />} />
    <Route path={ROUTES.interests} element={<InterestsPage />} />
  </>
);
