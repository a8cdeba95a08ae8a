/** One typed client per service, through the gateway at /api/<service>. Types come from the
 * services' OpenAPI documents (npm run gen:api); an API change that breaks us breaks tsc.
 *
 * Every client carries the session (`sessionMiddleware`): the bearer token on each call,
 * refreshed first when it is about to expire; and on a 401 to a call made while signed in,
 * one refresh (shared with any other call that meets a 401 at the same time) and one retry.
 * When the session cannot be refreshed, the person is asked to sign in again in place
 * (auth/reauthentication.ts) and the call is retried after; if they decline, it fails. */
import createClient, { type Middleware } from "openapi-fetch";
import { requestSignIn } from "../auth/reauthentication";
import { accessToken, currentSession, refreshSession, SESSIONS_PATH } from "../auth/session";
import type { paths as CommunitiesPaths } from "./communities";
import type { paths as EenPaths } from "./een";
import type { paths as NotificationsPaths } from "./notifications";
import type { paths as ProfilesPaths } from "./profiles";
import type { paths as ProposalsPaths } from "./proposals";

/** A token that expires sooner than this is refreshed before the call, not after its 401. */
const EXPIRY_MARGIN_MS = 5_000;

interface Sent {
  retry: Request; // an unread copy, for the retry
  userId: string; // whose session the call was made in
}

function withBearer(request: Request, token: string | null): Request {
  if (token !== null) request.headers.set("Authorization", `Bearer ${token}`);
  return request;
}

/** Whether a call's 401 is about the session (not a wrong password at sign-in, say). */
function mayRenew(request: Request): boolean {
  return !new URL(request.url, "http://x").pathname.startsWith(SESSIONS_PATH);
}

export function sessionMiddleware(): Middleware {
  const sent = new Map<string, Sent>();
  return {
    async onRequest({ request, id }) {
      if (request.headers.has("Authorization")) return request; // the caller chose its own
      const session = currentSession();
      if (session === null || !mayRenew(request)) return withBearer(request, accessToken());
      if (session.expiresAt - Date.now() < EXPIRY_MARGIN_MS) await refreshSession();
      sent.set(id, { retry: request.clone(), userId: session.userId });
      return withBearer(request, accessToken());
    },
    async onResponse({ response, id, options }) {
      const call = sent.get(id);
      sent.delete(id);
      if (call === undefined || response.status !== 401) return undefined;
      let renewed = (await refreshSession()) === "ok";
      if (!renewed) renewed = await requestSignIn();
      const session = currentSession();
      // Retried only in the same person's session: someone else signing in gets a fresh page.
      if (!renewed || session === null || session.userId !== call.userId) return undefined;
      return options.fetch(withBearer(call.retry, accessToken()));
    },
    onError({ id }) {
      sent.delete(id);
    },
  };
}

function serviceClient<Paths extends object>(route: string) {
  const client = createClient<Paths>({ baseUrl: `/api/${route}`, credentials: "same-origin" });
  client.use(sessionMiddleware());
  return client;
}

export const profiles = serviceClient<ProfilesPaths>("profiles");
export const communities = serviceClient<CommunitiesPaths>("communities");
export const proposals = serviceClient<ProposalsPaths>("proposals");
export const notifications = serviceClient<NotificationsPaths>("notifications");
export const een = serviceClient<EenPaths>("een");
