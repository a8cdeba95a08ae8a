import { Badge } from "design-react-kit";
import type { MessageKey } from "../../i18n/messages";
import { useLanguage } from "../../i18n/language";
import type { Role } from "./api";

export const ROLE_LABELS: Readonly<Record<Role, MessageKey>> = {
  owner: "communities.role.owner",
  moderator: "communities.role.moderator",
  author: "communities.role.author",
  member: "communities.role.member",
};

/** A member's role in the community (owners and moderators stand out; members need no badge). */
export function RoleBadge({ role }: { role: Role }) {
  const { t } = useLanguage();
  if (role === "member") return null;
  return <Badge color={role === "owner" ? "primary" : "secondary"}>{t(ROLE_LABELS[role])}</Badge>;
}
