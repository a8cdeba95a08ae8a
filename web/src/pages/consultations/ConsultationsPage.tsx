/** /consultations: the platform-wide S3 consultations (the Region's); for platform operators,
 * the editor, the results and the export. `/consultations/:id` is one consultation. */
import { useMemo } from "react";
import { useSession } from "../../auth/session";
import type { ConsultationScope } from "../../components/communities/consultations/api";
import { ConsultationsArea } from "../../components/communities/consultations/ConsultationsArea";
import { useLanguage } from "../../i18n/language";

export function ConsultationsPage() {
  const { t } = useLanguage();
  const session = useSession();
  const operator = session?.roles.includes("platform_operator") ?? false;
  const scope = useMemo<ConsultationScope>(() => ({ kind: "platform", canManage: operator }), [operator]);
  return <ConsultationsArea scope={scope} title={t("consultations.platformTitle")} intro={t("consultations.platformIntro")}
                            levels={{ title: "h1", group: "h2" }} />;
}
