import { Spinner } from "design-react-kit";

/** A spinner that says what is loading, announced politely to screen readers. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div role="status" className="d-flex align-items-center gap-3 my-4">
      <Spinner active small label={label} />
      <span aria-hidden="true">{label}</span>
    </div>
  );
}
