/** Where in the folder tree the reader is: the root, then each folder down to this one. */
import { useLanguage } from "../../../i18n/language";
import type { Folder } from "./api";

export function FolderBreadcrumbs({ path, onOpen }: { path: Folder[]; onOpen: (folderId: string | null) => void }) {
  const { t } = useLanguage();
  const crumbs: { id: string | null; name: string }[] = [{ id: null, name: t("documents.root") },
    ...path.map((f) => ({ id: f.id, name: f.name }))];
  return (
    <nav className="breadcrumb-container mb-3" aria-label={t("documents.breadcrumbs")}>
      <ol className="breadcrumb p-0">
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={crumb.id ?? "root"} className={`breadcrumb-item${last ? " active" : ""}`}
                {...(last ? { "aria-current": "page" as const } : {})}>
              {last ? crumb.name : (
                <a href={crumb.id ? `?folder=${encodeURIComponent(crumb.id)}` : "?"}
                   onClick={(e) => { e.preventDefault(); onOpen(crumb.id); }}>{crumb.name}</a>
              )}
              {!last && <span className="separator" aria-hidden="true">/</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
