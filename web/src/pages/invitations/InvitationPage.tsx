/** /invitations/accept */
export function InvitationPage() {
  return <h1>InvitationPage</h1>;
}
