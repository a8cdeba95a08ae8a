import { Spinner } from "design-react-kit";

/** A page's content while it loads: a spinner with its label, announced politely. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="d-flex align-items-center gap-3 my-4" role="status">
      <Spinner active small />
      <span>{label}</span>
    </div>
  );
}
