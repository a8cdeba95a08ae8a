/** A table that may be wider than a phone: it scrolls inside its own region, which keyboard
 * users can focus to scroll too, named after the table's heading. */
import type { ReactNode } from "react";

export function ScrollableTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-responsive" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="table table-sm align-top" aria-labelledby={labelledBy}>{children}</table>
    </div>
  );
}
