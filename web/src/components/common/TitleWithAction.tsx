import { Link } from "react-router-dom";

/** A page's h1 with its main action beside it (a link styled as the primary button), wrapping
 * under it on narrow screens. */
export function TitleWithAction({ title, action, to }: { title: string; action: string; to: string }) {
  return (
    <div className="d-flex flex-wrap justify-content-between align-items-center gap-3 mb-4">
      <h1 className="mb-0">{title}</h1>
      <Link className="btn btn-primary" to={to}>{action}</Link>
    </div>
  );
}
