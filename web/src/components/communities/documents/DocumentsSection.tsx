/** The community page's documents section: the folder tree (breadcrumbs and the folders
 * inside this one, `?folder=` in the address), the files of the folder, an upload with its
 * progress for members, and the folder tools for managers. */
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { usePagedList } from "../../common/usePagedList";
import type { SectionProps } from "../sections/section";
import { type DocumentItem, type Folders, listDocuments, listFolders } from "./api";
import { DocumentList } from "./DocumentList";
import { FolderBreadcrumbs } from "./FolderBreadcrumbs";
import { FolderManager } from "./FolderManager";
import { childrenOf, fileSize, pathTo } from "./folderTree";
import { SubfolderList } from "./SubfolderList";
import { UploadForm } from "./UploadForm";

const PAGE_SIZE = 50;

type FoldersState = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "loaded"; folders: Folders };

export function DocumentsSection({ community }: SectionProps) {
  const { t, formatNumber } = useLanguage();
  const [params, setParams] = useSearchParams();
  const folderId = params.get("folder");
  const [state, setState] = useState<FoldersState>({ kind: "loading" });
  const [version, setVersion] = useState(0);

  const loadFolders = useCallback(() => { setVersion((v) => v + 1); }, []);
  useEffect(() => {
    let current = true;
    void listFolders(community.id).then((outcome) => {
      if (!current) return;
      setState("problem" in outcome ? { kind: "failed", problem: outcome.problem }
        : { kind: "loaded", folders: outcome.data });
    });
    return () => { current = false; };
  }, [community.id, version]);

  const documents = usePagedList<DocumentItem>(`${community.id}/${folderId ?? ""}`,
    (cursor) => listDocuments(community.id, folderId, PAGE_SIZE, cursor));

  const open = (id: string | null) => { setParams(id ? { folder: id } : {}); };

  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title" className="h3">{t("documents.title")}</h2>
      <p>{t("documents.intro")}</p>
      {state.kind === "loading" && <LoadingState label={t("documents.loadingFolders")} />}
      {state.kind === "failed" && <ProblemAlert problem={state.problem} />}
      {state.kind === "loaded" && (() => {
        const { folders } = state;
        const path = pathTo(folders.items, folderId);
        const current = path.at(-1) ?? null;
        if (folderId !== null && current === null) {
          return <p className="alert alert-warning">{t("documents.folderMissing")}</p>;
        }
        return (
          <>
            <FolderBreadcrumbs path={path} onOpen={open} />
            <h3 className="h4">{current?.name ?? t("documents.root")}</h3>
            <SubfolderList folders={childrenOf(folders.items, folderId)} onOpen={open} />
            {folders.can_manage && (
              <FolderManager communityId={community.id} current={current} onChanged={(next) => {
                loadFolders();
                if (next !== undefined) open(next);
              }} />
            )}
            {folders.can_upload && (
              <details className="mb-4">
                <summary className="fw-semibold mb-2">{t("documents.upload.open")}</summary>
                <p className="small text-secondary">
                  {t("documents.upload.limits", { max: fileSize(folders.max_bytes, formatNumber) })}
                </p>
                <UploadForm target={{ kind: "new", communityId: community.id, folderId }} maxBytes={folders.max_bytes}
                            onUploaded={(d) => { documents.update((items) => [d, ...items]); }} />
              </details>
            )}
            <DocumentList documents={documents} maxBytes={folders.max_bytes} />
          </>
        );
      })()}
    </section>
  );
}
