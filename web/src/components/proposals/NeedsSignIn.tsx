import type { ReactNode } from "react";
import { RequireSignIn } from "../auth/RequireSignIn";

/** Proposals are for signed-in members: others go to the sign-in page, which brings them back. */
export function NeedsSignIn({ children }: { children: ReactNode }) {
  return <RequireSignIn>{children}</RequireSignIn>;
}
