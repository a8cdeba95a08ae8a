/** The notifications API as the inbox uses it; whatever goes wrong comes back as a Problem. */
import { notifications } from "../../api/clients";
import type { Notification } from "../../live/notifications";
import { attempt, type Outcome } from "../common/attempt";

export type { Outcome };

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
