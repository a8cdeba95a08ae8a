/** The folders inside the one the reader is in, each opened with a click. */
import { useLanguage } from "../../../i18n/language";
import type { Folder } from "./api";

export function SubfolderList({ folders, onOpen }: { folders: Folder[]; onOpen: (folderId: string) => void }) {
  const { t } = useLanguage();
  if (folders.length === 0) return null;
  return (
    <section aria-label={t("documents.subfolders")} className="mb-4">
      <ul className="list-unstyled d-flex flex-wrap gap-2 mb-0">
        {folders.map((f) => (
          <li key={f.id}>
            <a className="btn btn-outline-primary btn-sm" href={`?folder=${encodeURIComponent(f.id)}`}
               onClick={(e) => { e.preventDefault(); onOpen(f.id); }}>
              <span aria-hidden="true">📁 </span>{f.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
