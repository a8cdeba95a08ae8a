/** The signed-in person's access token, in memory only: never in localStorage or a
 * readable cookie, so a script injected into the page cannot carry it away after a reload. */
import { useSyncExternalStore } from "react";

export interface Session {
  accessToken: string;
  userId: string;
  /** From the token's `roles` claim: what the UI offers; the services decide what is allowed. */
  roles: readonly string[];
  expiresAt: number; // epoch ms
}

function rolesOf(token: string): string[] {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [];
  }
}

let current: Session | null = null;
const listeners = new Set<() => void>();

export function startSession(token: { access_token: string; user_id: string; expires_in: number }): void {
  current = { accessToken: token.access_token, userId: token.user_id, roles: rolesOf(token.access_token),
             expiresAt: Date.now() + token.expires_in * 1000 };
  listeners.forEach((notify) => { notify(); });
}

export function endSession(): void {
  current = null;
  listeners.forEach((notify) => { notify(); });
}

export function accessToken(): string | null {
  return current !== null && current.expiresAt > Date.now() ? current.accessToken : null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}
