/** Members are known to the other services by id; their names are in their public profiles
 * (asked once per page load, and again later when a profile could not be read). */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { profiles } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { memberPath } from "../../routes";

/** Who stands in for a member who erased their account. */
export const ERASED_USER = "erased-user";
const names = new Map<string, Promise<string | null>>();

function displayName(userId: string): Promise<string | null> {
  let name = names.get(userId);
  if (name === undefined) {
    name = profiles.GET("/profiles/{user_id}", { params: { path: { user_id: userId } } })
      .then(({ data }) => data?.display_name ?? null, () => null);
    name.then((found) => { if (found === null) names.delete(userId); }, () => undefined); // try again later
    names.set(userId, name);
  }
  return name;
}

/** A member's display name: undefined while it loads (or with no member to ask about, or an
 * erased one), null when the profile cannot be read. */
export function useDisplayName(userId: string | null): string | null | undefined {
  const [loaded, setLoaded] = useState<{ userId: string; name: string | null } | null>(null);
  useEffect(() => {
    if (userId === null || userId === ERASED_USER) return;
    let current = true;
    void displayName(userId).then((name) => { if (current) setLoaded({ userId, name }); });
    return () => { current = false; };
  }, [userId]);
  return loaded?.userId === userId ? loaded.name : undefined;
}

/** A member's name, linking to their profile; `unnamed` (by default "Member") when the profile
 * cannot be read. */
export function MemberName({ userId, unnamed }: { userId: string; unnamed?: string }) {
  const { t } = useLanguage();
  const name = useDisplayName(userId);
  if (userId === ERASED_USER) return <span>{t("common.member.erased")}</span>;
  if (name === undefined) return <span className="text-secondary">{t("common.member.loading")}</span>;
  return <Link to={memberPath(userId)}>{name ?? unnamed ?? t("common.member.unnamed")}</Link>;
}
