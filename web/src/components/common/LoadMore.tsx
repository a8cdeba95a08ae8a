import { Button } from "design-react-kit";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { ProblemAlert } from "./ProblemAlert";

/** "Show more" (`label`, the list's own words) under a list that has more pages, with its own
 * progress and failure. */
export function LoadMore({ label, cursor, more, onLoad }: {
  label: string;
  cursor: string | null;
  more: "idle" | "loading" | Problem;
  onLoad: () => void;
}) {
  const { t } = useLanguage();
  if (cursor === null) return null;
  return (
    <>
      {typeof more === "object" && <ProblemAlert problem={more} />}
      <Button color="primary" outline size="sm" disabled={more === "loading"} onClick={onLoad}>
        {more === "loading" ? t("common.loadingMore") : label}
      </Button>
    </>
  );
}
