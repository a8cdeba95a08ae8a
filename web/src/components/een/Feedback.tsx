/** Loading and failure, the same way in every part of the console: the shared states, with the
 * console's own words (a 403 means the reader is not an EEN operator). */
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { LoadingState } from "../common/LoadingState";
import { ProblemAlert as SharedProblemAlert } from "../common/ProblemAlert";

export function Loading() {
  const { t } = useLanguage();
  return <LoadingState label={t("een.loading")} />;
}

const OVERRIDES = { 403: "een.forbidden" } as const;

export function ProblemAlert({ problem }: { problem: Problem }) {
  return <SharedProblemAlert problem={problem} overrides={OVERRIDES} />;
}
