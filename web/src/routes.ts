/** The app's paths, in one place for links and routes. */
export const ROUTES = {
  home: "/",
  signIn: "/sign-in",
  signUp: "/sign-up",
  accessibility: "/accessibility",
  profile: "/profile",
  member: "/members/:userId",
  communities: "/communities",
  newCommunity: "/communities/new",
  community: "/communities/:communityId",
  proposals: "/proposals",
  newProposal: "/proposals/new",
  proposal: "/proposals/:proposalId",
  editProposal: "/proposals/:proposalId/edit",
  interests: "/interests",
  inbox: "/inbox",
  een: "/een",
  news: "/news",
  events: "/events",
  consultations: "/consultations",
  invitationAccept: "/invitations/accept",
  operator: "/operator",
} as const;

export const memberPath = (userId: string) => `/members/${encodeURIComponent(userId)}`;
export const communityPath = (communityId: string) => `/communities/${encodeURIComponent(communityId)}`;
export const proposalPath = (proposalId: string) => `/proposals/${encodeURIComponent(proposalId)}`;
export const editProposalPath = (proposalId: string) => `/proposals/${encodeURIComponent(proposalId)}/edit`;
