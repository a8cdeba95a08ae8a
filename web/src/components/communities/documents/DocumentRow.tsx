/** One document in the list (an item, readable on a phone): name, type, size, version, uploader, date; download, the
 * version history, a new version and deletion for whoever may. */
import { Button } from "design-react-kit";
import { useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { MemberName } from "../../common/MemberName";
import { ProblemAlert } from "../../common/ProblemAlert";
import { deleteDocument, type DocumentItem } from "./api";
import { ReportButton } from "../moderation/ReportButton";
import { DownloadButton } from "./DownloadButton";
import { fileSize } from "./folderTree";
import { UploadForm } from "./UploadForm";
import { VersionHistory } from "./VersionHistory";

type Open = "none" | "versions" | "upload" | "delete";

/** One labelled fact about the file (a term and its value). */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="d-inline fw-semibold">{label}: </dt>
      <dd className="d-inline mb-0">{children}</dd>
    </div>
  );
}

export function DocumentRow({ document, maxBytes, onChanged, onDeleted }: {
  document: DocumentItem; maxBytes: number; onChanged: (d: DocumentItem) => void; onDeleted: (id: string) => void;
}) {
  const { t, formatDate, formatNumber } = useLanguage();
  const [open, setOpen] = useState<Open>("none");
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = document.latest;
  const toggle = (what: Open) => { setOpen((now) => (now === what ? "none" : what)); };

  if (latest === null) {
    return <li className="border-bottom py-3 fst-italic">{t("documents.removedByModerator")}</li>;
  }
  const hidden = document.moderation_state !== "visible";

  async function remove() {
    setProblem(null);
    const outcome = await deleteDocument(document);
    if ("problem" in outcome) setProblem(outcome.problem);
    else onDeleted(document.id);
  }

  return (
    <li className="border-bottom py-3">
      <h4 className="h5 text-break mb-1">
        {document.title}
        {hidden && <span className="badge bg-warning text-dark ms-2">{t("documents.hiddenByModeration")}</span>}
      </h4>
      <p className="small text-break mb-2">{latest.filename}</p>
      <dl className="d-flex flex-wrap gap-3 small mb-2">
        <Fact label={t("documents.column.type")}>{latest.type_label}</Fact>
        <Fact label={t("documents.column.size")}>{fileSize(latest.size, formatNumber)}</Fact>
        <Fact label={t("documents.column.version")}>{t("documents.versionNumber", { n: latest.number })}</Fact>
        <Fact label={t("documents.column.uploader")}><MemberName userId={latest.uploaded_by} /></Fact>
        <Fact label={t("documents.column.date")}>{formatDate(latest.uploaded_at, { dateStyle: "medium" })}</Fact>
      </dl>
      <div className="d-flex flex-wrap gap-2">
        {document.can_download && <DownloadButton document={document} version={latest} label={t("documents.download")} />}
        <Button color="primary" outline size="sm" aria-expanded={open === "versions"}
                onClick={() => { toggle("versions"); }}>
          {t("documents.versions.show", { n: document.versions.length })}
        </Button>
        {document.can_edit && (
          <>
            <Button color="primary" outline size="sm" aria-expanded={open === "upload"}
                    onClick={() => { toggle("upload"); }}>
              {t("documents.newVersion")}
            </Button>
            <Button color="danger" outline size="sm" aria-expanded={open === "delete"}
                    onClick={() => { toggle("delete"); }}>
              {t("documents.delete")}
            </Button>
          </>
        )}
        {!document.can_edit && document.moderation_state === "visible" && (
          <ReportButton communityId={document.community_id} kind="document" contentId={document.id} />
        )}
      </div>
      {open !== "none" && (
        <div className="mt-3">
          {open === "versions" && <VersionHistory document={document} />}
          {open === "upload" && (
            <UploadForm target={{ kind: "version", document }} maxBytes={maxBytes}
                        onCancel={() => { setOpen("none"); }}
                        onUploaded={(changed) => { setOpen("versions"); onChanged(changed); }} />
          )}
          {open === "delete" && (
            <div className="d-flex flex-wrap align-items-center gap-2">
              <span>{t("documents.deleteConfirm", { title: document.title, n: document.versions.length })}</span>
              <Button color="danger" size="sm" onClick={() => { void remove(); }}>{t("documents.deleteYes")}</Button>
              <Button color="secondary" outline size="sm" onClick={() => { setOpen("none"); }}>
                {t("documents.upload.close")}
              </Button>
            </div>
          )}
          {problem !== null && <ProblemAlert problem={problem} />}
        </div>
      )}
    </li>
  );
}
