/** Why an upload failed, in words that say what to do: too large (with the limit), a type
 * that is not accepted (judged on the content, whatever the name says), or anything else. */
import { Alert } from "design-react-kit";
import { problemMessage, type Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { CANCELLED } from "./api";
import { fileSize } from "./folderTree";

export function UploadProblem({ problem, maxBytes }: { problem: Problem; maxBytes: number }) {
  const { t, formatNumber } = useLanguage();
  if (problem === CANCELLED) return <Alert color="info" role="status">{t("documents.upload.cancelled")}</Alert>;
  const message = problem.status === 413 ? t("documents.error.tooLarge", { max: fileSize(maxBytes, formatNumber) })
    : problem.status === 415 ? t("documents.error.wrongType")
      : problemMessage(problem, t);
  return <Alert color="danger" role="alert">{message}</Alert>;
}
