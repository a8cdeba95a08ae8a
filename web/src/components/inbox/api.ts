/** The notifications API as the inbox uses it; whatever goes wrong comes back as a Problem. */
import { notifications } from "../../api/clients";
import { isProblem, NETWORK_FAILURE, type Problem } from "../../api/problem";
import type { Notification } from "../../live/notifications";

export type Outcome<T> = { data: T } | { problem: Problem };

async function attempt<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call();
    if (response.ok && data !== undefined) return { data };
    return { problem: isProblem(error) ? error : { status: response.status } };
  } catch {
    return { problem: NETWORK_FAILURE };
  }
}

export const PAGE_SIZE = 20;

export function inboxPage(cursor: string | null): Promise<Outcome<{ items: Notification[]; next_cursor?: string | null }>> {
  return attempt(() => notifications.GET("/inbox", { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
}

export function unreadCount(): Promise<Outcome<{ unread: number }>> {
  return attempt(() => notifications.GET("/inbox/unread-count"));
}

export function markRead(id: string): Promise<Outcome<Notification>> {
  return attempt(() => notifications.POST("/inbox/{notification_id}/read", { params: { path: { notification_id: id } } }));
}

export function markAllRead(): Promise<Outcome<{ marked_read: number }>> {
  return attempt(() => notifications.POST("/inbox/read-all"));
}
