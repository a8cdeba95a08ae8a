/** Downloads one version under its own name (fetched with the session, then saved). */
import { Button } from "design-react-kit";
import { useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type DocumentItem, downloadVersion, saveFile, type Version } from "./api";

export function DownloadButton({ document, version, label, outline = false }: {
  document: DocumentItem; version: Version; label: string; outline?: boolean;
}) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function download() {
    setBusy(true);
    setProblem(null);
    const outcome = await downloadVersion(document, version);
    setBusy(false);
    if ("problem" in outcome) setProblem(outcome.problem);
    else saveFile(outcome.data, version.filename);
  }

  return (
    <>
      <Button color="primary" outline={outline} size="sm" disabled={busy} onClick={() => { void download(); }}
              aria-label={t("documents.downloadNamed", { name: version.filename, version: version.number })}>
        {label}
      </Button>
      {problem !== null && <ProblemAlert problem={problem} />}
    </>
  );
}
