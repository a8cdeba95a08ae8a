import type { ReactNode } from "react";

/** Something done, said politely (role="status"): the kit's Alert always interrupts as role="alert". */
export function StatusMessage({ children, color = "success" }: { children: ReactNode; color?: "success" | "info" }) {
  return <div className={`alert alert-${color}`} role="status">{children}</div>;
}
