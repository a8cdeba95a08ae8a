import { communities } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Post } from "./api";
import { PostComposer } from "./PostComposer";
import { PostItem } from "./PostItem";

const PAGE_SIZE = 10;

/** The community's posts, newest first, and (for members) the composer above them. */
export function Discussion({ communityId, canPost }: { communityId: string; canPost: boolean }) {
  const { t } = useLanguage();
  const { list, loadMore, update } = usePagedList<Post>(communityId, (cursor) =>
    attempt(() => communities.GET("/communities/{community_id}/posts", {
      params: { path: { community_id: communityId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  return (
    <section aria-labelledby="community-posts" className="mb-5">
      <h2 id="community-posts" className="h4">{t("communities.posts")}</h2>
      {canPost && <PostComposer communityId={communityId}
                                onPublished={(post) => { update((posts) => [post, ...posts]); }} />}
      {list.kind === "loading" && <LoadingState label={t("communities.posts.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("communities.posts.empty")}</p>}
          {list.items.map((post) => <PostItem key={post.id} post={post} />)}
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}
