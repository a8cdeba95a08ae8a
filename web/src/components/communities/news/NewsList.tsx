/** A list of articles, highlighted first and newest first, with its filters: the category,
 * and for writers what they are working on (drafts, waiting for validation, scheduled…). */
import { Card, CardBody, CardText, CardTitle, Select } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import { usePagedList } from "../../common/usePagedList";
import { CATEGORIES, listNews, type News, type NewsCategory, type NewsPhase, type NewsScope, PHASES } from "./api";
import { CATEGORY_LABELS, CoverImage, NewsBadges, PHASE_LABELS, useRomeTime } from "./NewsParts";

const PAGE_SIZE = 10;

/** Where an article is read, from anywhere in the app. */
export function articlePath(news: News): string {
  return news.community_id ? `/communities/${news.community_id}/news/${news.id}` : `/news/${news.id}`;
}

export function NewsCard({ news, headingLevel, showCommunity = false }: {
  news: News; headingLevel: "h2" | "h3"; showCommunity?: boolean;
}) {
  const { t } = useLanguage();
  const when = useRomeTime();
  const removed = news.removed_by_moderator && news.title === "";
  return (
    <Card className="card-bg h-100" border>
      <CardBody>
        {news.cover !== null && <CoverImage news={news} className="img-fluid rounded mb-3 news-thumbnail" />}
        <NewsBadges news={news} />
        <CardTitle tag={headingLevel} className="h5 text-break">
          {removed ? <span className="fst-italic">{t("news.removedByModerator")}</span>
            : <Link to={showCommunity ? articlePath(news) : news.id}>{news.title}</Link>}
        </CardTitle>
        <p className="small text-secondary mb-2">
          {news.phase === "scheduled" ? t("news.scheduledFor", { date: when(news.publish_at) })
            : t("news.publishedOn", { date: when(news.publish_at) })}
          {showCommunity && news.community_name && <>{" · "}{news.community_name}</>}
        </p>
        {news.summary !== "" && <CardText className="text-break">{news.summary}</CardText>}
      </CardBody>
    </Card>
  );
}

export function NewsList({ scope, headingLevel }: { scope: NewsScope; headingLevel: "h2" | "h3" }) {
  const { t } = useLanguage();
  const [category, setCategory] = useState<NewsCategory | "">("");
  const [phase, setPhase] = useState<NewsPhase>("live");
  const scopeKey = scope.kind === "community" ? scope.communityId : "platform";
  const key = `${scopeKey}/${category}/${phase}`;
  const { list, loadMore } = usePagedList<News>(key, (cursor) => listNews(scope, {
    limit: PAGE_SIZE, cursor, category: category === "" ? undefined : category, status: phase,
  }));

  return (
    <>
      <form className="row g-3 mb-3" aria-label={t("news.filters")} onSubmit={(e) => { e.preventDefault(); }}>
        <div className="col-12 col-md-6">
          <Select id={`news-category-${scopeKey}`} label={t("news.filter.category")} value={category}
                  onChange={(value) => { setCategory(value as NewsCategory | ""); }}>
            {[<option key="" value="">{t("news.filter.anyCategory")}</option>,
              ...CATEGORIES.map((c) => <option key={c} value={c}>{t(CATEGORY_LABELS[c])}</option>)]}
          </Select>
        </div>
        {scope.canWrite && (
          <div className="col-12 col-md-6">
            <Select id={`news-status-${scopeKey}`} label={t("news.filter.status")} value={phase}
                    onChange={(value) => { setPhase(value as NewsPhase); }}>
              {PHASES.map((p) => <option key={p} value={p}>{t(PHASE_LABELS[p])}</option>)}
            </Select>
          </div>
        )}
      </form>
      {list.kind === "loading" && <LoadingState label={t("news.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{phase === "live" ? t("news.empty") : t("news.emptyStatus")}</p>}
          <ul className="list-unstyled row g-3 mb-3" aria-label={t("news.results")}>
            {list.items.map((news) => (
              <li key={news.id} className="col-12 col-md-6">
                <NewsCard news={news} headingLevel={headingLevel} />
              </li>
            ))}
          </ul>
          <LoadMore label={t("news.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </>
  );
}
