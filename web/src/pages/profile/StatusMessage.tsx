import type { ReactNode } from "react";

/** A success message announced politely (role="status"): the kit's Alert always says role="alert". */
export function StatusMessage({ children }: { children: ReactNode }) {
  return <div className="alert alert-success" role="status">{children}</div>;
}
