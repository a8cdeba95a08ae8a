import { Link } from "react-router-dom";
import { communities } from "../../api/clients";
import { useLanguage } from "../../i18n/language";
import { communityPath, ROUTES } from "../../routes";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Community } from "./api";
import { VisibilityBadge } from "./VisibilityBadge";

const PAGE_SIZE = 20;

export function newSubCommunityPath(parentId: string): string {
  return `${ROUTES.newCommunity}?parent=${encodeURIComponent(parentId)}`;
}

/** The community's sub-communities the reader may see; its managers start new ones. */
export function SubCommunities({ community, canCreate }: { community: Community; canCreate: boolean }) {
  const { t } = useLanguage();
  const { list, loadMore } = usePagedList<Community>(community.id, (cursor) =>
    attempt(() => communities.GET("/communities", {
      params: { query: { parent_id: community.id, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  if (!canCreate && list.kind === "loaded" && list.items.length === 0) return null;
  return (
    <section aria-labelledby="community-subs" className="mb-5">
      <h2 id="community-subs" className="h4">{t("communities.subs")}</h2>
      {list.kind === "loading" && <LoadingState label={t("communities.subs.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && <p>{t("communities.subs.empty")}</p>}
          <ul className="list-unstyled">
            {list.items.map((sub) => (
              <li key={sub.id} className="border-bottom py-2 d-flex flex-wrap gap-2 align-items-center">
                <Link to={communityPath(sub.id)}>{sub.name}</Link>
                <VisibilityBadge visibility={sub.visibility} />
              </li>
            ))}
          </ul>
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
      {canCreate && <Link className="btn btn-outline-primary btn-sm" to={newSubCommunityPath(community.id)}>
        {t("communities.subs.new")}
      </Link>}
    </section>
  );
}
