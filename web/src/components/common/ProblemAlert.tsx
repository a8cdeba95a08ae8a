import { Alert } from "design-react-kit";
import { problemMessage, type Problem, type ProblemContext } from "../../api/problem";
import { useLanguage } from "../../i18n/language";

/** What went wrong, in the reader's language, announced at once. */
export function ProblemAlert({ problem, overrides }: { problem: Problem; overrides?: ProblemContext["overrides"] }) {
  const { t } = useLanguage();
  return (
    <Alert color="danger" role="alert">
      {problemMessage(problem, t, overrides ? { overrides } : {})}
    </Alert>
  );
}
