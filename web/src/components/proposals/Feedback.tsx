/** The small states every proposals page shows: loading, and what went wrong. */
import { Alert, Spinner } from "design-react-kit";
import type { ReactNode } from "react";
import { problemMessage, type Problem, type ProblemContext } from "../../api/problem";
import { useLanguage } from "../../i18n/language";

/** A spinner that says what is loading, announced politely to screen readers. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div role="status" className="d-flex align-items-center gap-3 my-4">
      <Spinner active small label={label} />
      <span aria-hidden="true">{label}</span>
    </div>
  );
}

/** What went wrong, in the reader's language, announced at once. */
export function ProblemAlert({ problem, overrides }: { problem: Problem; overrides?: ProblemContext["overrides"] }) {
  const { t } = useLanguage();
  return (
    <Alert color="danger" role="alert">
      {problemMessage(problem, t, overrides ? { overrides } : {})}
    </Alert>
  );
}

/** Something done, said politely (role="status"): the kit's Alert always interrupts as role="alert". */
export function DoneMessage({ children, color = "success" }: { children: ReactNode; color?: "success" | "info" }) {
  return <div className={`alert alert-${color}`} role="status">{children}</div>;
}
