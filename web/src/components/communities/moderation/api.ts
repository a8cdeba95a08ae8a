/** Moderation calls: members report content (`POST /communities/{id}/reports`, or `/reports`
 * for platform-wide news); managers read the queue and decide on an item. Every call goes
 * through `attempt`, so none throws. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { attempt, type Outcome } from "../../common/attempt";

export type ContentKind = components["schemas"]["ContentKind"];
export type ReportCategory = components["schemas"]["ReportCategory"];
export type Reported = components["schemas"]["ReportedOut"];
export type QueueItem = components["schemas"]["QueueItemOut"];
export type QueuePage = components["schemas"]["Page_QueueItemOut_"];
export type ModerationState = components["schemas"]["ModerationState"];
export type QueueStatus = "open" | "decided";
export type Decision = "restore" | "hide" | "remove";

export const REPORT_CATEGORIES: readonly ReportCategory[] = [
  "spam", "offensive", "misinformation", "off_topic", "illegal", "other",
];

/** Where the content lives: a community, or the platform (null). */
export type ModerationScope = string | null;

export function reportContent(scope: ModerationScope, kind: ContentKind, contentId: string,
                              category: ReportCategory, text: string): Promise<Outcome<Reported>> {
  const body = { kind, content_id: contentId, category, text };
  if (scope === null) return attempt(() => communities.POST("/reports", { body }));
  return attempt(() => communities.POST("/communities/{community_id}/reports", {
    params: { path: { community_id: scope } }, body,
  }));
}

export function moderationQueue(scope: ModerationScope, status: QueueStatus, limit: number,
                                cursor: string | null): Promise<Outcome<QueuePage>> {
  const query = { status, limit, ...(cursor ? { cursor } : {}) };
  if (scope === null) return attempt(() => communities.GET("/moderation/queue", { params: { query } }));
  return attempt(() => communities.GET("/communities/{community_id}/moderation/queue", {
    params: { path: { community_id: scope }, query },
  }));
}

export function decide(scope: ModerationScope, item: QueueItem, decision: Decision,
                       reason: string): Promise<Outcome<QueueItem>> {
  const body = { reason };
  const kind = item.kind;
  const content_id = item.content_id;
  if (scope === null) {
    const path = { kind, content_id };
    if (decision === "restore") return attempt(() => communities.POST("/moderation/{kind}/{content_id}/restore",
                                                                      { params: { path }, body }));
    if (decision === "hide") return attempt(() => communities.POST("/moderation/{kind}/{content_id}/hide",
                                                                   { params: { path }, body }));
    return attempt(() => communities.POST("/moderation/{kind}/{content_id}/remove", { params: { path }, body }));
  }
  const path = { community_id: scope, kind, content_id };
  if (decision === "restore") {
    return attempt(() => communities.POST("/communities/{community_id}/moderation/{kind}/{content_id}/restore",
                                          { params: { path }, body }));
  }
  if (decision === "hide") {
    return attempt(() => communities.POST("/communities/{community_id}/moderation/{kind}/{content_id}/hide",
                                          { params: { path }, body }));
  }
  return attempt(() => communities.POST("/communities/{community_id}/moderation/{kind}/{content_id}/remove",
                                        { params: { path }, body }));
}

/** Where a manager reads the content in the app. */
export function contentPath(item: QueueItem): string {
  const base = item.community_id ? `/communities/${encodeURIComponent(item.community_id)}` : "";
  switch (item.kind) {
    case "news":
      return `${base}/news/${encodeURIComponent(item.content_id)}`;
    case "document":
      return `${base}/documents`;
    default:
      return base === "" ? "/" : base; // topics and replies: the community's discussion
  }
}
