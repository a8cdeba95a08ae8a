/** The signed-in person's session.
 *
 * The access token lives in memory only: never in localStorage or a readable cookie, so a
 * script injected into the page cannot carry it away. The refresh token is in the HttpOnly
 * `oi_refresh` cookie the profiles service sets (Path=/api/profiles/sessions): no script
 * reads it, the browser sends it to the session endpoints only. Refreshing and signing out
 * echo the readable `oi_csrf` cookie in `X-CSRF-Token` (the service's CSRF defence).
 *
 * - At start, `restoreSession()` trades the cookie for an access token, so a reload keeps
 *   the session (no request at all when there is no `oi_csrf` cookie: never signed in here).
 * - A minute before the access token expires it is refreshed (`refreshSession`), one
 *   refresh in flight at a time, and across tabs one at a time (Web Locks), because the
 *   refresh token is single use and every tab shares the cookie.
 * - A refresh that fails because the session is over does not sign the person out on the
 *   spot: the page keeps what they typed, and the next call that needs the session asks
 *   them to sign in again in place (`reauthentication.ts`, `api/clients.ts`). */
import { useSyncExternalStore } from "react";
import type { components } from "../api/profiles";

type TokenOut = components["schemas"]["TokenOut"];

export interface Session {
  accessToken: string;
  userId: string;
  /** From the token's `roles` claim: what the UI offers; the services decide what is allowed. */
  roles: readonly string[];
  expiresAt: number; // epoch ms
}

export type SessionStatus = "restoring" | "signed-in" | "signed-out";

export const SESSIONS_PATH = "/api/profiles/sessions";
export const CSRF_COOKIE = "oi_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
/** How long before the access token expires it is refreshed. */
export const REFRESH_AHEAD_MS = 60_000;
/** After a refresh that failed for want of a network, when to try again. */
export const RETRY_OFFLINE_MS = 15_000;
/** At start, how long to wait for the service before showing the app signed out. */
export const RESTORE_TIMEOUT_MS = 4_000;
const LOCK_NAME = "oi-session-refresh";

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
let status: SessionStatus = "signed-out";
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<RefreshOutcome> | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  listeners.forEach((listener) => { listener(); });
}

function schedule(delayMs: number): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { void refreshSession(); }, Math.max(delayMs, 1_000));
}

export function startSession(token: Pick<TokenOut, "access_token" | "user_id" | "expires_in">): void {
  current = { accessToken: token.access_token, userId: token.user_id, roles: rolesOf(token.access_token),
              expiresAt: Date.now() + token.expires_in * 1000 };
  status = "signed-in";
  schedule(token.expires_in * 1000 - REFRESH_AHEAD_MS);
  notify();
}

/** Forget the session here (the cookie's session on the server is `signOut`'s business). */
export function endSession(): void {
  clearTimeout(refreshTimer);
  current = null;
  status = "signed-out";
  forgetCsrfCookie();
  notify();
}

export function accessToken(): string | null {
  return current !== null && current.expiresAt > Date.now() ? current.accessToken : null;
}

export function currentSession(): Session | null {
  return current;
}

export function sessionStatus(): SessionStatus {
  return status;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/** The session, or null when signed out or while it is being restored at start. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}

/** "restoring" while the app asks, at start, whether a session cookie is still good. */
export function useSessionStatus(): SessionStatus {
  return useSyncExternalStore(subscribe, () => status);
}

// -- the cookies the page may read -------------------------------------------------------------

export function csrfToken(): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The readable half of the pair: without it the app makes no attempt to restore a session. */
function forgetCsrfCookie(): void {
  if (typeof document === "undefined") return;
  document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; Secure; SameSite=Strict`;
}

// -- talking to the session endpoints ------------------------------------------------------------

/** ok: a new access token; over: the session is gone (sign in again); unreachable: try later. */
export type RefreshOutcome = "ok" | "over" | "unreachable";

async function postRefresh(signal?: AbortSignal): Promise<RefreshOutcome> {
  const csrf = csrfToken();
  if (csrf === null) return "over";
  let response: Response;
  try {
    response = await fetch(`${SESSIONS_PATH}/refresh`, {
      method: "POST", credentials: "same-origin", headers: { [CSRF_HEADER]: csrf }, signal,
    });
  } catch {
    return "unreachable";
  }
  if (response.ok) {
    startSession(await response.json() as TokenOut);
    return "ok";
  }
  return response.status === 401 || response.status === 403 ? "over" : "unreachable";
}

/** One at a time in this tab, and (where the browser has Web Locks) across this site's tabs. */
function exclusively(task: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  // Web Locks need a secure context (loopback counts); without them, this tab's order only.
  const locks: LockManager | undefined = "locks" in navigator ? navigator.locks : undefined;
  // The lock is held until the task's promise settles; request() answers with its outcome.
  return locks ? locks.request(LOCK_NAME, task) as unknown as Promise<RefreshOutcome> : task();
}

/** A new access token for the session the cookie holds. Concurrent callers share one request.
 * When the session is over the person stays "signed in" here until they answer the sign-in
 * dialog or cancel it: what they were doing is not thrown away. */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= exclusively(() => postRefresh()).then((outcome) => {
    if (outcome === "unreachable" && current !== null) schedule(RETRY_OFFLINE_MS);
    if (outcome === "over") clearTimeout(refreshTimer);
    return outcome;
  }).finally(() => { refreshing = null; });
  return refreshing;
}

/** At start: is there a session to resume? Signed out when not (or when the service is too slow). */
export async function restoreSession(): Promise<SessionStatus> {
  if (csrfToken() === null) {
    status = "signed-out";
    notify();
    return status;
  }
  status = "restoring";
  notify();
  const controller = new AbortController();
  const timer = setTimeout(() => { controller.abort(); }, RESTORE_TIMEOUT_MS);
  try {
    const outcome = await exclusively(() => postRefresh(controller.signal));
    if (outcome === "over") forgetCsrfCookie();
  } finally {
    clearTimeout(timer);
  }
  if (current === null) {
    status = "signed-out";
    notify();
  }
  return status;
}

export interface SignInFailure {
  status: number; // 0: no answer
  body: unknown;
  response?: Response;
}

/** Sign in with the cookie transport: the refresh token never reaches this code. */
export async function signIn(email: string, password: string): Promise<Session | SignInFailure> {
  let response: Response;
  try {
    response = await fetch(SESSIONS_PATH, {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password, refresh_transport: "cookie" }),
    });
  } catch {
    return { status: 0, body: null };
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    return { status: response.status, body, response };
  }
  startSession(await response.json() as TokenOut);
  return current as Session;
}

export function isSignInFailure(value: Session | SignInFailure): value is SignInFailure {
  return !("accessToken" in value);
}

/** Revoke the cookie's session on the server and forget it here, whatever the answer. */
export async function signOut(): Promise<void> {
  const csrf = csrfToken();
  try {
    if (csrf !== null) {
      await fetch(`${SESSIONS_PATH}/revoke`, {
        method: "POST", credentials: "same-origin", headers: { [CSRF_HEADER]: csrf },
      });
    }
  } catch {
    // offline: the server's session lapses by itself; here it ends now
  } finally {
    endSession();
  }
}
