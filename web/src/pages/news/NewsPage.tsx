/** /news: the platform's news (the Region's news desk), highlighted first, by category; for
 * platform operators, the editor. `/news/:newsId` is one article. */
import { useSession } from "../../auth/session";
import { NewsArea } from "../../components/communities/news/NewsArea";
import type { NewsScope } from "../../components/communities/news/api";
import { useLanguage } from "../../i18n/language";

export function NewsPage() {
  const { t } = useLanguage();
  const session = useSession();
  const operator = session?.roles.includes("platform_operator") ?? false;
  const scope: NewsScope = { kind: "platform", canWrite: operator, canManage: operator, validates: false };
  return <NewsArea scope={scope} title={t("news.platformTitle")} intro={t("news.platformIntro")}
                   levels={{ title: "h1", item: "h2" }} />;
}
