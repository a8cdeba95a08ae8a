/** The signed-in home's news: the platform's and that of the communities I belong to (only
 * those I may read: the service decides), highlighted first, newest first. For the home page. */
import { Link } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import { usePagedList } from "../../common/usePagedList";
import { myNewsFeed, type News } from "./api";
import { NewsCard } from "./NewsList";

export function NewsFeed({ pageSize = 6, headingLevel = "h2" }: { pageSize?: number; headingLevel?: "h2" | "h3" }) {
  const { t } = useLanguage();
  const { list, loadMore } = usePagedList<News>("feed", (cursor) => myNewsFeed(pageSize, cursor));
  const Heading = headingLevel;
  const item = "h3";
  return (
    <section aria-labelledby="news-feed-title" className="mb-5">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <Heading id="news-feed-title" className="h4 mb-0">{t("news.feed.title")}</Heading>
        <Link to="/news">{t("news.feed.all")}</Link>
      </div>
      {list.kind === "loading" && <LoadingState label={t("news.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("news.empty")}</p>}
          <ul className="list-unstyled row g-3 mb-3" aria-label={t("news.feed.title")}>
            {list.items.map((news) => (
              <li key={news.id} className="col-12 col-md-6">
                <NewsCard news={news} headingLevel={item} showCommunity />
              </li>
            ))}
          </ul>
          <LoadMore label={t("news.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
