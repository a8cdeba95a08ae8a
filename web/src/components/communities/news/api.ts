/** News calls for both places articles live: a community (`/communities/{id}/news…`) or the
 * whole platform (`/news…`, the Region's news desk). One `NewsScope` says which; every call
 * goes through `attempt`, so none throws. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { attempt, type Outcome } from "../../common/attempt";

export type News = components["schemas"]["NewsOut"];
export type NewsIn = components["schemas"]["NewsIn"];
export type NewsPatch = components["schemas"]["NewsPatch"];
export type NewsCategory = components["schemas"]["NewsCategory"];
export type NewsPhase = components["schemas"]["NewsPhase"];
export type NewsPage = components["schemas"]["Page_NewsOut_"];

export const CATEGORIES: readonly NewsCategory[] = [
  "announcement", "call_for_funding", "event_report", "success_story", "regional_policy", "other",
];
/** What writers can list besides what is live now. */
export const PHASES: readonly NewsPhase[] = ["live", "draft", "to_validate", "scheduled", "withdrawn"];

export type NewsScope =
  | { kind: "community"; communityId: string; canWrite: boolean; canManage: boolean; validates: boolean }
  | { kind: "platform"; canWrite: boolean; canManage: boolean; validates: false };

export type Action = "submit" | "approve" | "withdraw";

export interface ListQuery {
  category?: NewsCategory | undefined;
  highlighted?: boolean | undefined;
  status?: NewsPhase | undefined;
  limit: number;
  cursor?: string | null;
}

function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

function query(q: ListQuery) {
  return {
    limit: q.limit,
    ...(q.category ? { category: q.category } : {}),
    ...(q.highlighted !== undefined ? { highlighted: q.highlighted } : {}),
    ...(q.status && q.status !== "live" ? { status: q.status } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

export function listNews(scope: NewsScope, q: ListQuery): Promise<Outcome<NewsPage>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/news", {
      params: { path: { community_id: scope.communityId }, query: query(q) },
    }));
  }
  return attempt(() => communities.GET("/news", { params: { query: query(q) } }));
}

/** The signed-in home's feed: platform news and the news of my communities. */
export function myNewsFeed(limit: number, cursor: string | null): Promise<Outcome<NewsPage>> {
  return attempt(() => communities.GET("/news", {
    params: { query: { scope: "all", limit, ...(cursor ? { cursor } : {}) } },
  }));
}

export function getNews(scope: NewsScope, newsId: string): Promise<Outcome<News>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/news/{news_id}", {
      params: { path: { community_id: scope.communityId, news_id: newsId } },
    }));
  }
  return attempt(() => communities.GET("/news/{news_id}", { params: { path: { news_id: newsId } } }));
}

export function createNews(scope: NewsScope, body: NewsIn): Promise<Outcome<News>> {
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/news", {
      params: { path: { community_id: scope.communityId } }, body,
    }));
  }
  return attempt(() => communities.POST("/news", { body }));
}

export function reviseNews(scope: NewsScope, news: News, body: NewsPatch): Promise<Outcome<News>> {
  const headers = ifMatch(news.version);
  if (scope.kind === "community") {
    return attempt(() => communities.PATCH("/communities/{community_id}/news/{news_id}", {
      params: { path: { community_id: scope.communityId, news_id: news.id }, header: headers }, body,
    }));
  }
  return attempt(() => communities.PATCH("/news/{news_id}", { params: { path: { news_id: news.id }, header: headers }, body }));
}

export function deleteNews(scope: NewsScope, news: News): Promise<Outcome<unknown>> {
  const headers = ifMatch(news.version);
  if (scope.kind === "community") {
    return attempt(() => communities.DELETE("/communities/{community_id}/news/{news_id}", {
      params: { path: { community_id: scope.communityId, news_id: news.id }, header: headers },
    }));
  }
  return attempt(() => communities.DELETE("/news/{news_id}", { params: { path: { news_id: news.id }, header: headers } }));
}

export function act(scope: NewsScope, news: News, action: Action): Promise<Outcome<News>> {
  const headers = ifMatch(news.version);
  if (scope.kind === "community") {
    const path = { community_id: scope.communityId, news_id: news.id };
    const call = {
      submit: () => communities.POST("/communities/{community_id}/news/{news_id}/submit", { params: { path, header: headers } }),
      approve: () => communities.POST("/communities/{community_id}/news/{news_id}/approve", { params: { path, header: headers } }),
      withdraw: () => communities.POST("/communities/{community_id}/news/{news_id}/withdraw", { params: { path, header: headers } }),
    }[action];
    return attempt(call);
  }
  const path = { news_id: news.id };
  const call = {
    submit: () => communities.POST("/news/{news_id}/submit", { params: { path, header: headers } }),
    approve: () => communities.POST("/news/{news_id}/approve", { params: { path, header: headers } }),
    withdraw: () => communities.POST("/news/{news_id}/withdraw", { params: { path, header: headers } }),
  }[action];
  return attempt(call);
}

export function rejectNews(scope: NewsScope, news: News, reason: string): Promise<Outcome<News>> {
  const headers = ifMatch(news.version);
  const body = { reason };
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/news/{news_id}/reject", {
      params: { path: { community_id: scope.communityId, news_id: news.id }, header: headers }, body,
    }));
  }
  return attempt(() => communities.POST("/news/{news_id}/reject", {
    params: { path: { news_id: news.id }, header: headers }, body,
  }));
}

/** The raw image as the body: the service checks what it is on its content. */
export function putCover(scope: NewsScope, newsId: string, file: Blob): Promise<Outcome<News>> {
  const init = {
    body: file as unknown as string,
    bodySerializer: (b: unknown) => b as Blob,
    headers: { "Content-Type": file.type || "application/octet-stream" },
  };
  if (scope.kind === "community") {
    return attempt(() => communities.PUT("/communities/{community_id}/news/{news_id}/cover", {
      params: { path: { community_id: scope.communityId, news_id: newsId } }, ...init,
    }));
  }
  return attempt(() => communities.PUT("/news/{news_id}/cover", { params: { path: { news_id: newsId } }, ...init }));
}

/** The cover image (it needs the bearer token, so it is fetched, not linked). */
export function getCover(news: News): Promise<Outcome<Blob>> {
  if (news.community_id) {
    const path = { community_id: news.community_id, news_id: news.id };
    return attempt(() => communities.GET("/communities/{community_id}/news/{news_id}/cover", {
      params: { path }, parseAs: "blob",
    }));
  }
  return attempt(() => communities.GET("/news/{news_id}/cover", { params: { path: { news_id: news.id } },
                                                                  parseAs: "blob" }));
}
