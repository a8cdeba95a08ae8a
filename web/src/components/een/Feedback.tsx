/** Loading and failure, the same way in every part of the console. */
import { Alert, Spinner } from "design-react-kit";
import { problemMessage, type Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";

export function Loading() {
  const { t } = useLanguage();
  return (
    <div className="d-flex align-items-center gap-3 my-3" role="status">
      <Spinner active small label={t("een.loading")} />
      <span aria-hidden="true">{t("een.loading")}</span>
    </div>
  );
}

export function ProblemAlert({ problem }: { problem: Problem }) {
  const { t } = useLanguage();
  return <Alert color="danger">{problemMessage(problem, t, { overrides: { 403: "een.forbidden" } })}</Alert>;
}
