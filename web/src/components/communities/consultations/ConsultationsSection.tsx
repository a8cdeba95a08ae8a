/** The community page's consultations section (`/communities/:id/consultations/*`): its
 * consultations for members to answer, and for its managers the editor, results and export. */
import { useMemo } from "react";
import { useLanguage } from "../../../i18n/language";
import { canModerate } from "../api";
import type { SectionProps } from "../sections/section";
import type { ConsultationScope } from "./api";
import { ConsultationsArea } from "./ConsultationsArea";

export function ConsultationsSection({ community }: SectionProps) {
  const { t } = useLanguage();
  const manager = canModerate(community);
  const scope = useMemo<ConsultationScope>(() => ({ kind: "community", communityId: community.id, canManage: manager }),
                                           [community.id, manager]);
  return <ConsultationsArea scope={scope} title={t("consultations.communityTitle")} intro={t("consultations.communityIntro")}
                            levels={{ title: "h2", group: "h3" }} />;
}
