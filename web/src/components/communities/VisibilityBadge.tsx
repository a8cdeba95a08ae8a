import { Badge } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { Visibility } from "./api";
import { VISIBILITY_TEXT } from "./VisibilityChoice";

const COLOUR: Readonly<Record<Visibility, string>> = { public: "success", private: "secondary", closed: "dark" };

/** "Open", "Private" or "Closed", as a badge beside a community's name. */
export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useLanguage();
  return <Badge color={COLOUR[visibility]} pill>{t(VISIBILITY_TEXT[visibility].label)}</Badge>;
}
