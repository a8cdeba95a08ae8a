/** Discussion calls: a community's topics (`/communities/{id}/posts…`) and their threaded
 * replies. Every call goes through `attempt`, so none throws. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { attempt, type Outcome } from "../../common/attempt";

export type Topic = components["schemas"]["PostOut"];
export type Thread = components["schemas"]["ThreadOut"];
export type Reply = components["schemas"]["ReplyOut"];
export type TopicPage = components["schemas"]["Page_PostOut_"];
export type ReplyPage = components["schemas"]["Page_ReplyOut_"];
export type Member = components["schemas"]["MembershipOut"];

export const TITLE_MAX = 200;
export const BODY_MAX = 20000;
/** Replies nest to this depth; deeper answers sit beside their parent. */
export const THREAD_DEPTH = 3;

function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

export function listTopics(communityId: string, limit: number, cursor: string | null): Promise<Outcome<TopicPage>> {
  return attempt(() => communities.GET("/communities/{community_id}/posts", {
    params: { path: { community_id: communityId }, query: { limit, ...(cursor ? { cursor } : {}) } },
  }));
}

export function getThread(communityId: string, postId: string): Promise<Outcome<Thread>> {
  return attempt(() => communities.GET("/communities/{community_id}/posts/{post_id}", {
    params: { path: { community_id: communityId, post_id: postId } },
  }));
}

export function moreReplies(communityId: string, postId: string, cursor: string): Promise<Outcome<ReplyPage>> {
  return attempt(() => communities.GET("/communities/{community_id}/posts/{post_id}/replies", {
    params: { path: { community_id: communityId, post_id: postId }, query: { cursor } },
  }));
}

export function startTopic(communityId: string, title: string, body: string, idempotencyKey: string,
): Promise<Outcome<Topic>> {
  return attempt(() => communities.POST("/communities/{community_id}/posts", {
    params: { path: { community_id: communityId }, header: { "Idempotency-Key": idempotencyKey } },
    body: { title, body },
  }));
}

export function editTopic(topic: Topic, change: { title?: string; body?: string }): Promise<Outcome<Topic>> {
  return attempt(() => communities.PATCH("/communities/{community_id}/posts/{post_id}", {
    params: { path: { community_id: topic.community_id, post_id: topic.id }, header: ifMatch(topic.version) },
    body: change,
  }));
}

export type TopicAction = "delete" | "close" | "reopen";

export function actOnTopic(topic: Topic, action: TopicAction): Promise<Outcome<Topic>> {
  const params = { path: { community_id: topic.community_id, post_id: topic.id }, header: ifMatch(topic.version) };
  const call = {
    delete: () => communities.DELETE("/communities/{community_id}/posts/{post_id}", { params }),
    close: () => communities.POST("/communities/{community_id}/posts/{post_id}/close", { params }),
    reopen: () => communities.POST("/communities/{community_id}/posts/{post_id}/reopen", { params }),
  }[action];
  return attempt(call);
}

export function postReply(topic: Topic, body: string, parentReplyId: string | null, idempotencyKey: string,
): Promise<Outcome<Reply>> {
  return attempt(() => communities.POST("/communities/{community_id}/posts/{post_id}/replies", {
    params: { path: { community_id: topic.community_id, post_id: topic.id },
              header: { "Idempotency-Key": idempotencyKey } },
    body: parentReplyId ? { body, parent_reply_id: parentReplyId } : { body },
  }));
}

export function editReply(reply: Reply, body: string): Promise<Outcome<Reply>> {
  return attempt(() => communities.PATCH("/communities/{community_id}/posts/{post_id}/replies/{reply_id}", {
    params: { path: { community_id: reply.community_id, post_id: reply.post_id, reply_id: reply.id },
              header: ifMatch(reply.version) },
    body: { body },
  }));
}

export function deleteReply(reply: Reply): Promise<Outcome<Reply>> {
  return attempt(() => communities.DELETE("/communities/{community_id}/posts/{post_id}/replies/{reply_id}", {
    params: { path: { community_id: reply.community_id, post_id: reply.post_id, reply_id: reply.id },
              header: ifMatch(reply.version) },
  }));
}

/** The community's active members, for the mention picker (the first hundred). */
export function listMembers(communityId: string): Promise<Outcome<{ items: Member[] }>> {
  return attempt(() => communities.GET("/communities/{community_id}/members", {
    params: { path: { community_id: communityId }, query: { limit: 100 } },
  }));
}

/** How a mention is written in the markdown: the service renders it as a link to the profile
 * and tells the member. Brackets in the name would end the label early, so they go. */
export function mentionMarkup(name: string, userId: string): string {
  return `@[${name.replace(/[[\]\n]/g, " ").trim().slice(0, 120)}](user:${userId})`;
}
