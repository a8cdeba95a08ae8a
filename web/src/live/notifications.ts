/** The signed-in member's live notifications: one stream per tab (`GET /api/notifications/stream`),
 * open while someone listens, shared by every component that does (the unread badge, the inbox). */
import { useEffect, useRef } from "react";
import type { components } from "../api/notifications";
import { accessToken, useSession } from "../auth/session";
import type { SseEvent } from "./sse";
import { EventStreamClient } from "./stream";

export type Notification = components["schemas"]["NotificationOut"];

export type LiveEvent =
  | { type: "notification"; notification: Notification; unread: number }
  | { type: "unread"; unread: number };

export const STREAM_URL = "/api/notifications/stream";
/** A listener that leaves and comes back at once (a re-render, React's strict mode) keeps the stream. */
const LINGER_MS = 1000;

export function liveEventOf(event: SseEvent): LiveEvent | null {
  try {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    if (typeof data.unread !== "number") return null;
    if (event.event === "unread") return { type: "unread", unread: data.unread };
    if (event.event === "notification" && typeof data.notification === "object" && data.notification !== null) {
      return { type: "notification", notification: data.notification as Notification, unread: data.unread };
    }
  } catch {
    // not JSON: not ours
  }
  return null;
}

type Listener = (event: LiveEvent) => void;

export class LiveNotifications {
  private readonly listeners = new Set<Listener>();
  private client: EventStreamClient | null = null;
  private userId: string | null = null;
  private closing: ReturnType<typeof setTimeout> | null = null;
  /** The latest unread count the stream told, for listeners that come later. */
  unread: number | null = null;

  constructor(private readonly open: (onEvent: (event: SseEvent) => void) => EventStreamClient) {}

  /** Listen as `userId`; returns the way to stop listening. */
  listen(userId: string, listener: Listener): () => void {
    if (this.userId !== userId) this.reset(userId);
    if (this.closing !== null) {
      clearTimeout(this.closing);
      this.closing = null;
    }
    this.listeners.add(listener);
    if (this.client === null) {
      this.client = this.open((event) => { this.dispatch(event); });
      this.client.start();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.closing === null) {
        this.closing = setTimeout(() => { this.closing = null; if (this.listeners.size === 0) this.reset(null); },
                                  LINGER_MS);
      }
    };
  }

  private reset(userId: string | null): void {
    void this.client?.stop();
    this.client = null;
    this.userId = userId;
    this.unread = null;
  }

  private dispatch(event: SseEvent): void {
    const live = liveEventOf(event);
    if (live === null) return;
    this.unread = live.unread;
    for (const listener of [...this.listeners]) listener(live);
  }
}

export const liveNotifications = new LiveNotifications(
  (onEvent) => new EventStreamClient({ url: STREAM_URL, token: accessToken, onEvent }),
);

/** Calls `onEvent` for each live event while someone is signed in. */
export function useLiveNotifications(onEvent: Listener): void {
  const session = useSession();
  const userId = session?.userId ?? null;
  const latest = useRef(onEvent);
  useEffect(() => { latest.current = onEvent; });
  useEffect(() => {
    if (userId === null) return undefined;
    return liveNotifications.listen(userId, (event) => { latest.current(event); });
  }, [userId]);
}
