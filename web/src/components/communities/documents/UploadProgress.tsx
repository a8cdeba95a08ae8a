/** How much of a file has been sent: a progress bar with its percentage, for everyone. */
import { useLanguage } from "../../../i18n/language";
import { percent } from "./folderTree";

export function UploadProgress({ sent, total, filename }: { sent: number; total: number; filename: string }) {
  const { t } = useLanguage();
  const done = percent(sent, total);
  const label = t("documents.upload.progress", { name: filename, percent: done });
  return (
    <div className="my-3">
      <p className="small mb-1" aria-hidden="true">{label}</p>
      <div className="progress">
        <div className="progress-bar" role="progressbar" style={{ width: `${done}%` }} aria-valuenow={done}
             aria-valuemin={0} aria-valuemax={100} aria-label={label} />
      </div>
    </div>
  );
}
