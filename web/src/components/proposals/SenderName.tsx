import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { profiles } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { memberPath } from "../../routes";
import { isEenSender, type Interest } from "./api";

/** Interests name members by id; their names are in their public profiles (asked once per page load). */
const names = new Map<string, Promise<string | null>>();

function displayName(userId: string): Promise<string | null> {
  let name = names.get(userId);
  if (name === undefined) {
    name = profiles.GET("/profiles/{user_id}", { params: { path: { user_id: userId } } })
      .then(({ data }) => data?.display_name ?? null, () => null);
    void name.then((found) => { if (found === null) names.delete(userId); }); // try again another time
    names.set(userId, name);
  }
  return name;
}

export function useDisplayName(userId: string | null): string | null {
  const [loaded, setLoaded] = useState<{ userId: string; name: string | null } | null>(null);
  useEffect(() => {
    if (userId === null) return;
    let current = true;
    void displayName(userId).then((name) => { if (current) setLoaded({ userId, name }); });
    return () => { current = false; };
  }, [userId]);
  return loaded !== null && loaded.userId === userId ? loaded.name : null;
}

/** Who sent an interest: a member (their name, linking to their profile) or an EEN partner
 * (organisation and country, as the POD tells them). */
export function SenderName({ interest }: { interest: Interest }) {
  const { t } = useLanguage();
  const een = isEenSender(interest);
  const name = useDisplayName(een ? null : interest.sender_id);
  if (een) {
    return (
      <span>
        {t("proposals.interest.eenPartner", {
          organisation: interest.sender_organisation ?? t("proposals.interest.eenUnknown"),
          country: interest.sender_country ?? "—",
        })}
      </span>
    );
  }
  return <Link to={memberPath(interest.sender_id)}>{name ?? t("proposals.interest.member")}</Link>;
}
