/** The documents of one folder (or the root), newest first, a page at a time. */
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import type { PagedListControls } from "../../common/usePagedList";
import type { DocumentItem } from "./api";
import { DocumentRow } from "./DocumentRow";

export function DocumentList({ documents, maxBytes }: { documents: PagedListControls<DocumentItem>; maxBytes: number }) {
  const { t } = useLanguage();
  const { list, loadMore, update } = documents;
  if (list.kind === "loading") return <LoadingState label={t("documents.loading")} />;
  if (list.kind === "failed") return <ProblemAlert problem={list.problem} />;
  if (list.items.length === 0) return <p>{t("documents.empty")}</p>;
  return (
    <>
      <ul className="list-unstyled border-top" aria-label={t("documents.listCaption")}>
        {list.items.map((d) => (
          <DocumentRow key={d.id} document={d} maxBytes={maxBytes}
                       onChanged={(changed) => { update((items) => items.map((i) => (i.id === changed.id ? changed : i))); }}
                       onDeleted={(id) => { update((items) => items.filter((i) => i.id !== id)); }} />
        ))}
      </ul>
      <LoadMore label={t("documents.loadMore")} cursor={list.cursor} more={list.more} onLoad={() => { void loadMore(); }} />
    </>
  );
}
