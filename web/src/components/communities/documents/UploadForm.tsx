/** Choose a file and send it, with a progress bar while it goes: a new document (with an
 * optional title) or a new version of one. Too large files are refused before sending. */
import { Button, Input } from "design-react-kit";
import { useId, useRef, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { type DocumentItem, type Upload, uploadDocument, type UploadTarget } from "./api";
import { UploadProblem } from "./UploadProblem";
import { UploadProgress } from "./UploadProgress";

/** What the file picker offers (the service judges the content anyway). */
export const ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md";

export function UploadForm({ target, maxBytes, onUploaded, onCancel }: {
  target: UploadTarget; maxBytes: number; onUploaded: (document: DocumentItem) => void; onCancel?: () => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [picker, setPicker] = useState(0); // a new key empties the file input
  const upload = useRef<Upload | null>(null);
  const isVersion = target.kind === "version";

  async function send() {
    if (file === null || upload.current !== null) return;
    setProblem(null);
    if (file.size > maxBytes) {
      setProblem({ status: 413 });
      return;
    }
    const trimmed = title.trim();
    const where: UploadTarget = target.kind === "new" && trimmed !== "" ? { ...target, title: trimmed } : target;
    setProgress({ sent: 0, total: file.size });
    upload.current = uploadDocument(where, file, (sent, total) => { setProgress({ sent, total }); });
    const outcome = await upload.current.done;
    upload.current = null;
    setProgress(null);
    if ("problem" in outcome) {
      setProblem(outcome.problem);
      return;
    }
    setFile(null);
    setTitle("");
    setPicker((n) => n + 1);
    onUploaded(outcome.data);
  }

  const sending = progress !== null;
  return (
    <form onSubmit={(e) => { e.preventDefault(); void send(); }} className="mb-4" aria-label={
      isVersion ? t("documents.upload.versionForm") : t("documents.upload.form")}>
      <div className="mb-3">
        <label htmlFor={`${id}-file`} className="form-label fw-semibold">
          {isVersion ? t("documents.upload.versionFile") : t("documents.upload.file")}
        </label>
        <input key={picker} id={`${id}-file`} type="file" className="form-control" accept={ACCEPT} required
               disabled={sending} aria-describedby={`${id}-hint`}
               onChange={(e) => { setFile(e.target.files?.[0] ?? null); setProblem(null); }} />
        <p id={`${id}-hint`} className="form-text">{t("documents.upload.hint")}</p>
      </div>
      {!isVersion && (
        <Input id={`${id}-title`} label={t("documents.upload.title")} maxLength={200} value={title}
               disabled={sending} onChange={(e) => { setTitle(e.target.value); }} />
      )}
      {progress !== null && file !== null && <UploadProgress sent={progress.sent} total={progress.total}
                                                             filename={file.name} />}
      {problem !== null && <UploadProblem problem={problem} maxBytes={maxBytes} />}
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={sending || file === null}>
          {isVersion ? t("documents.upload.sendVersion") : t("documents.upload.send")}
        </Button>
        {sending && (
          <Button color="secondary" outline type="button" onClick={() => { upload.current?.cancel(); }}>
            {t("documents.upload.cancel")}
          </Button>
        )}
        {!sending && onCancel && (
          <Button color="secondary" outline type="button" onClick={onCancel}>{t("documents.upload.close")}</Button>
        )}
      </div>
    </form>
  );
}
