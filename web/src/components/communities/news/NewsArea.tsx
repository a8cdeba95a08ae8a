/** News in one scope (a community's section, or the platform's page), with its own routes:
 * the list, `new`, `:newsId` and `:newsId/edit`. */
import { Link, Route, Routes, useLocation, useParams } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import type { NewsScope } from "./api";
import { NewsArticle, useArticle } from "./NewsArticle";
import { NewsEditor } from "./NewsEditor";
import { NewsList } from "./NewsList";

/** Headings: on the platform's page the list's title is the page's h1; in a community's page,
 * where the community's name is the h1, it is an h2. */
interface Levels { title: "h1" | "h2"; item: "h2" | "h3" }

function Index({ scope, title, intro, levels }: { scope: NewsScope; title: string; intro: string; levels: Levels }) {
  const { t } = useLanguage();
  const location = useLocation();
  const Title = levels.title;
  return (
    <section aria-labelledby="news-title">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <Title id="news-title" className={levels.title === "h1" ? "mb-0" : "h4 mb-0"}>{title}</Title>
        {scope.canWrite && <Link className="btn btn-primary" to="new">{t("news.write")}</Link>}
      </div>
      <p>{intro}</p>
      {(location.state as { deleted?: boolean } | null)?.deleted && <StatusMessage>{t("news.done.deleted")}</StatusMessage>}
      <NewsList scope={scope} headingLevel={levels.item} />
    </section>
  );
}

function Edit({ scope, level }: { scope: NewsScope; level: "h1" | "h2" }) {
  const { t } = useLanguage();
  const { newsId = "" } = useParams();
  const { loaded } = useArticle(scope, newsId);
  if (loaded === null) return <LoadingState label={t("news.article.loading")} />;
  if (loaded.kind === "failed") return <ProblemAlert problem={loaded.problem} />;
  return <NewsEditor key={loaded.news.id} scope={scope} news={loaded.news} headingLevel={level} />;
}

function Article({ scope, level }: { scope: NewsScope; level: "h1" | "h2" }) {
  const { newsId = "" } = useParams();
  return <NewsArticle key={newsId} scope={scope} newsId={newsId} headingLevel={level} />;
}

export function NewsArea({ scope, title, intro, levels }: {
  scope: NewsScope; title: string; intro: string; levels: Levels;
}) {
  return (
    <Routes>
      <Route index element={<Index scope={scope} title={title} intro={intro} levels={levels} />} />
      <Route path="new" element={<NewsEditor scope={scope} news={null} headingLevel={levels.title} />} />
      <Route path=":newsId" element={<Article scope={scope} level={levels.title} />} />
      <Route path=":newsId/edit" element={<Edit scope={scope} level={levels.title} />} />
    </Routes>
  );
}
