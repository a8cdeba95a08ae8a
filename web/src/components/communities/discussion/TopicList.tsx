/** The community's topics, newest activity first, a page at a time; for members, the
 * composer above them. */
import { useNavigate } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import { usePagedList } from "../../common/usePagedList";
import { listTopics, type Topic } from "./api";
import { TopicComposer } from "./TopicComposer";
import { TopicSummary } from "./TopicSummary";

const PAGE_SIZE = 20;

export function TopicList({ communityId, canPost }: { communityId: string; canPost: boolean }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const { list, loadMore } = usePagedList<Topic>(communityId, (cursor) => listTopics(communityId, PAGE_SIZE, cursor));

  return (
    <section aria-labelledby="discussion-title" className="mb-5">
      <h2 id="discussion-title" className="h4">{t("discussion.title")}</h2>
      <p>{t("discussion.intro")}</p>
      {canPost && (
        <TopicComposer communityId={communityId}
                       onPublished={(topic) => { void navigate(`?topic=${topic.id}`, { state: { published: true } }); }} />
      )}
      {list.kind === "loading" && <LoadingState label={t("discussion.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("discussion.empty")}</p>}
          <ul className="list-unstyled" aria-label={t("discussion.listLabel")}>
            {list.items.map((topic) => <TopicSummary key={topic.id} topic={topic} />)}
          </ul>
          <LoadMore label={t("discussion.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
