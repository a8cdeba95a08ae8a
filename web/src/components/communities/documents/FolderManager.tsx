/** The managers' folder tools: a new folder here, and renaming or deleting (when empty) the
 * folder they are in. */
import { Button, Input } from "design-react-kit";
import { useId, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { createFolder, deleteFolder, type Folder, renameFolder } from "./api";

export function FolderManager({ communityId, current, onChanged }: {
  communityId: string; current: Folder | null; onChanged: (openFolderId?: string | null) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [name, setName] = useState("");
  const [rename, setRename] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(call: () => Promise<{ data: T } | { problem: Problem }>, then: (data: T) => void) {
    setBusy(true);
    setProblem(null);
    const outcome = await call();
    setBusy(false);
    if ("problem" in outcome) setProblem(outcome.problem);
    else then(outcome.data);
  }

  return (
    <section aria-label={t("documents.folder.tools")} className="mb-4">
      <form className="d-flex flex-wrap align-items-end gap-2" onSubmit={(e) => {
        e.preventDefault();
        void run(() => createFolder(communityId, name.trim(), current?.id ?? null), (made) => {
          setName("");
          onChanged(made.id);
        });
      }}>
        <div className="flex-grow-1">
          <Input id={`${id}-new`} label={t("documents.folder.newName")} maxLength={100} required value={name}
                 onChange={(e) => { setName(e.target.value); }} wrapperClassName="mb-0" />
        </div>
        <Button color="primary" outline type="submit" disabled={busy || name.trim() === ""}>
          {t("documents.folder.create")}
        </Button>
      </form>
      {current !== null && rename === null && (
        <div className="d-flex flex-wrap gap-2 mt-3">
          <Button color="secondary" outline size="sm" onClick={() => { setRename(current.name); }}>
            {t("documents.folder.rename")}
          </Button>
          <Button color="danger" outline size="sm" disabled={busy} onClick={() => {
            void run(() => deleteFolder(current), () => { onChanged(current.parent_id ?? null); });
          }}>
            {t("documents.folder.delete")}
          </Button>
        </div>
      )}
      {current !== null && rename !== null && (
        <form className="d-flex flex-wrap align-items-end gap-2 mt-3" onSubmit={(e) => {
          e.preventDefault();
          void run(() => renameFolder(current, rename.trim()), () => { setRename(null); onChanged(); });
        }}>
          <div className="flex-grow-1">
            <Input id={`${id}-rename`} label={t("documents.folder.renameTo")} maxLength={100} required value={rename}
                   onChange={(e) => { setRename(e.target.value); }} wrapperClassName="mb-0" />
          </div>
          <Button color="primary" type="submit" disabled={busy || rename.trim() === ""}>
            {t("documents.folder.save")}
          </Button>
          <Button color="secondary" outline type="button" onClick={() => { setRename(null); }}>
            {t("documents.folder.cancel")}
          </Button>
        </form>
      )}
      {problem !== null && (
        <div className="mt-3">
          <ProblemAlert problem={problem} overrides={{ 409: "documents.folder.conflict" }} />
        </div>
      )}
    </section>
  );
}
