/** What the sign-in page is told when a page sent the person there (RequireSignIn): where
 * to go back to once signed in. */
export interface SignInState {
  from: { pathname: string; search: string; hash: string };
}

export function returnPath(state: unknown): string | null {
  const from = (state as Partial<SignInState> | null)?.from;
  if (typeof from?.pathname !== "string" || !from.pathname.startsWith("/") || from.pathname.startsWith("//")) return null;
  return `${from.pathname}${from.search}${from.hash}`;
}
