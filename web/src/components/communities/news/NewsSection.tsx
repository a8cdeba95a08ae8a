/** The community page's news section (`/communities/:id/news/*`): its articles, and for its
 * managers and authors the editor and the validation workflow. */
import { useLanguage } from "../../../i18n/language";
import { canModerate, isActiveMember } from "../api";
import type { SectionProps } from "../sections/section";
import type { NewsScope } from "./api";
import { NewsArea } from "./NewsArea";

export function NewsSection({ community }: SectionProps) {
  const { t } = useLanguage();
  const role = community.membership?.role;
  const manager = canModerate(community);
  const scope: NewsScope = {
    kind: "community", communityId: community.id, canManage: manager,
    canWrite: manager || (isActiveMember(community) && role === "author"),
    // The access capability adds the setting to CommunityOut; until then, no validation is assumed.
    validates: (community as { news_requires_validation?: boolean }).news_requires_validation ?? false,
  };
  return <NewsArea scope={scope} title={t("news.communityTitle")} intro={t("news.communityIntro")}
                   levels={{ title: "h2", item: "h3" }} />;
}
