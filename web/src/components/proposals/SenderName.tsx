import { useLanguage } from "../../i18n/language";
import { MemberName } from "../common/MemberName";
import { isEenSender, type Interest } from "./api";

/** Who sent an interest: a member (their name, linking to their profile) or an EEN partner
 * (organisation and country, as the POD tells them). */
export function SenderName({ interest }: { interest: Interest }) {
  const { t } = useLanguage();
  if (isEenSender(interest)) {
    return (
      <span>
        {t("proposals.interest.eenPartner", {
          organisation: interest.sender_organisation ?? t("proposals.interest.eenUnknown"),
          country: interest.sender_country ?? "—",
        })}
      </span>
    );
  }
  return <MemberName userId={interest.sender_id} unnamed={t("proposals.interest.member")} />;
}
