import { Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { Community } from "./api";

/** For the owner of a community a platform operator has yet to validate, or has refused. */
export function ReviewStatus({ community }: { community: Community }) {
  const { t } = useLanguage();
  if (community.status === "active") return null;
  const refused = community.status === "rejected";
  return (
    <Callout color={refused ? "danger" : "note"}>
      <CalloutTitle tag="h2">
        {t(refused ? "communities.review.rejectedTitle" : "communities.review.pendingTitle")}
      </CalloutTitle>
      <CalloutText role="status">
        {refused
          ? t("communities.review.rejectedBody", { reason: community.review_reason ?? "" })
          : t("communities.review.pendingBody")}
      </CalloutText>
    </Callout>
  );
}
