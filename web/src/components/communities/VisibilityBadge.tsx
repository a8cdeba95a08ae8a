import { Badge } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { Visibility } from "./api";

/** "Public" or "Private", as a badge beside a community's name. */
export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useLanguage();
  return (
    <Badge color={visibility === "public" ? "success" : "secondary"} pill>
      {t(visibility === "public" ? "communities.visibility.public" : "communities.visibility.private")}
    </Badge>
  );
}
