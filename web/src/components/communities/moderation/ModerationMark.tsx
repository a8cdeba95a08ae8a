/** The mark on content that moderation took off readers' lists (managers and its author
 * still see it): "hidden pending review", "hidden by a moderator", "removed by a moderator".
 * Nothing for visible content. Other sections show it beside their items. */
import { Badge } from "design-react-kit";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import type { ModerationState } from "./api";

export const STATE_LABELS: Readonly<Record<ModerationState, MessageKey>> = {
  visible: "moderation.state.visible",
  hidden_pending_review: "moderation.state.hidden_pending_review",
  hidden: "moderation.state.hidden",
  removed: "moderation.state.removed",
};

export function ModerationMark({ state }: { state: ModerationState | null | undefined }) {
  const { t } = useLanguage();
  if (state == null || state === "visible") return null;
  return (
    <Badge color={state === "removed" ? "dark" : "warning"} pill className={state === "removed" ? "" : "text-dark"}>
      {t(STATE_LABELS[state])}
    </Badge>
  );
}
