import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { profiles } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { memberPath } from "../../routes";

/** The communities service knows members by id; their names are in their public profiles. */
const ERASED_USER = "erased-user";
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

/** A member's display name; undefined while it loads, null when the profile cannot be read. */
export function useDisplayName(userId: string): string | null | undefined {
  const [loaded, setLoaded] = useState<{ userId: string; name: string | null } | null>(null);
  useEffect(() => {
    if (userId === ERASED_USER) return;
    let current = true;
    void displayName(userId).then((name) => { if (current) setLoaded({ userId, name }); });
    return () => { current = false; };
  }, [userId]);
  return loaded?.userId === userId ? loaded.name : undefined;
}

/** A member's name, linking to their profile. */
export function MemberName({ userId }: { userId: string }) {
  const { t } = useLanguage();
  const name = useDisplayName(userId);
  if (userId === ERASED_USER) return <span>{t("communities.member.erased")}</span>;
  if (name === undefined) return <span className="text-secondary">{t("communities.member.loading")}</span>;
  return <Link to={memberPath(userId)}>{name ?? t("communities.member.unnamed")}</Link>;
}
