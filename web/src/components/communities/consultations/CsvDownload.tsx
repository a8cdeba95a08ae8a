/** The managers' download of every response as CSV: fetched with the bearer token, then saved. */
import { Button } from "design-react-kit";
import { useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type Consultation, type ConsultationScope, exportCsv } from "./api";

export function CsvDownload({ scope, consultation }: { scope: ConsultationScope; consultation: Consultation }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function download() {
    setBusy(true);
    setProblem(null);
    const outcome = await exportCsv(scope, consultation.id);
    setBusy(false);
    if (!("data" in outcome)) {
      setProblem(outcome.problem);
      return;
    }
    const url = URL.createObjectURL(outcome.data);
    const link = document.createElement("a");
    link.href = url;
    link.download = `consultation-${consultation.id}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
  }

  return (
    <div>
      <Button color="primary" outline size="sm" type="button" disabled={busy} onClick={() => { void download(); }}>
        {busy ? t("consultations.exporting") : t("consultations.export")}
      </Button>
      {problem !== null && <ProblemAlert problem={problem} />}
    </div>
  );
}
