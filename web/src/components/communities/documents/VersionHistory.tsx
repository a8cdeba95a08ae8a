/** Every version of a document, newest first, each downloadable. */
import { useLanguage } from "../../../i18n/language";
import { MemberName } from "../../common/MemberName";
import type { DocumentItem } from "./api";
import { Fact } from "./DocumentRow";
import { DownloadButton } from "./DownloadButton";
import { fileSize } from "./folderTree";

export function VersionHistory({ document }: { document: DocumentItem }) {
  const { t, formatDate, formatNumber } = useLanguage();
  const versions = [...document.versions].reverse();
  const caption = t("documents.versions.caption", { title: document.title });
  return (
    <section aria-label={caption} className="border-start border-3 ps-3">
      <p className="fw-semibold mb-2" aria-hidden="true">{caption}</p>
      <ol className="list-unstyled mb-0" reversed>
        {versions.map((v) => (
          <li key={v.number} className="py-2 border-bottom">
            <p className="mb-1 text-break">
              <strong>{t("documents.versionNumber", { n: v.number })}</strong> · {v.filename}
            </p>
            <dl className="d-flex flex-wrap gap-3 small mb-2">
              <Fact label={t("documents.column.type")}>{v.type_label}</Fact>
              <Fact label={t("documents.column.size")}>{fileSize(v.size, formatNumber)}</Fact>
              <Fact label={t("documents.column.uploader")}><MemberName userId={v.uploaded_by} /></Fact>
              <Fact label={t("documents.column.date")}>
                {formatDate(v.uploaded_at, { dateStyle: "medium", timeStyle: "short" })}
              </Fact>
            </dl>
            <DownloadButton document={document} version={v} label={t("documents.download")} outline />
          </li>
        ))}
      </ol>
    </section>
  );
}
