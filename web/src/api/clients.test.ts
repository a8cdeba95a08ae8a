// @vitest-environment jsdom
// @vitest-environment-options { "url": "https://oi.example/" }
import createClient from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { declinedSignIn, isSignInRequested, signedInAgain } from "../auth/reauthentication";
import { accessToken, currentSession, endSession, startSession } from "../auth/session";
import { clearCookies, FakeFetch, json, setCookie, tokenOut } from "../auth/testing";
import { sessionMiddleware } from "./clients";
import type { paths } from "./communities";

const REFRESH = "/api/profiles/sessions/refresh";
const POSTS = "/api/communities/communities/c1/posts";
const UNAUTHORIZED = { status: 401, title: "Unauthorized", detail: "Sign in", type: "about:blank" };
let server: FakeFetch;

function client() {
  const made = createClient<paths>({ baseUrl: "https://oi.example/api/communities", fetch: server.fetch });
  made.use(sessionMiddleware());
  return made;
}

/** A service that takes only the given token (the newest one), as after a refresh. */
function acceptOnly(token: () => string) {
  return (request: Request) => request.headers.get("Authorization") === `Bearer ${token()}`
    ? json(201, { ok: true }) : json(401, UNAUTHORIZED);
}

function post(body: string) {
  return client().POST("/communities/{community_id}/posts", {
    params: { path: { community_id: "c1" } }, body: { body } as never,
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

beforeEach(() => {
  server = new FakeFetch();
  vi.stubGlobal("fetch", server.fetch);
  setCookie("oi_csrf=csrf-1; Path=/");
});

afterEach(() => {
  if (isSignInRequested()) declinedSignIn();
  endSession();
  clearCookies();
  vi.unstubAllGlobals();
});

describe("the session on every call", () => {
  it("sends the bearer token when signed in, and none when not", async () => {
    server.on("GET", "/api/communities/communities", () => json(200, { items: [] }));
    await client().GET("/communities");
    startSession(tokenOut("ada"));
    await client().GET("/communities");
    const [anonymous, signedIn] = server.calls("GET", "/api/communities/communities");
    expect(anonymous?.headers.has("Authorization")).toBe(false);
    expect(signedIn?.headers.get("Authorization")).toBe(`Bearer ${tokenOut("ada").access_token}`);
  });

  it("refreshes once on a 401 and retries the call, body and all", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", REFRESH, () => json(200, tokenOut("ada", 2)));
    server.on("POST", POSTS, acceptOnly(() => tokenOut("ada", 2).access_token));
    const { data, response } = await post("Hello, Lombardy");
    expect(response.status).toBe(201);
    expect(data).toEqual({ ok: true });
    const [first, retry] = server.calls("POST", POSTS);
    expect(await first?.json()).toEqual({ body: "Hello, Lombardy" });
    expect(await retry?.json()).toEqual({ body: "Hello, Lombardy" });
    expect(server.calls("POST", REFRESH)).toHaveLength(1);
  });

  it("shares one refresh among calls that meet a 401 together", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", REFRESH, () => json(200, tokenOut("ada", 2)));
    server.on("POST", POSTS, acceptOnly(() => tokenOut("ada", 2).access_token));
    const answers = await Promise.all([post("one"), post("two"), post("three")]);
    expect(answers.map((a) => a.response.status)).toEqual([201, 201, 201]);
    expect(server.calls("POST", REFRESH)).toHaveLength(1);
  });

  it("refreshes before the call when the token is about to expire", async () => {
    startSession(tokenOut("ada", 1, 2)); // two seconds left
    server.on("POST", REFRESH, () => json(200, tokenOut("ada", 2)));
    server.on("POST", POSTS, acceptOnly(() => tokenOut("ada", 2).access_token));
    expect((await post("just in time")).response.status).toBe(201);
    expect(server.calls("POST", POSTS)).toHaveLength(1); // no 401 on the way
  });

  it("leaves a 401 of the session endpoints alone (a wrong password is not an expired session)", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", "/api/profiles/sessions", () => json(401, UNAUTHORIZED));
    const profiles = createClient<{ "/sessions": { post: { responses: { 401: unknown } } } }>(
      { baseUrl: "https://oi.example/api/profiles", fetch: server.fetch });
    profiles.use(sessionMiddleware());
    expect((await profiles.POST("/sessions", {})).response.status).toBe(401);
    expect(server.calls("POST", REFRESH)).toHaveLength(0);
  });

  it("does not try to renew a session it never had", async () => {
    server.on("POST", POSTS, () => json(401, UNAUTHORIZED));
    expect((await post("anonymous")).response.status).toBe(401);
    expect(server.seen.map((r) => new URL(r.url).pathname)).toEqual([POSTS]);
  });
});

describe("when the session cannot be refreshed", () => {
  it("asks the person to sign in again, then retries the call in the same session", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", REFRESH, () => json(401, UNAUTHORIZED));
    server.on("POST", POSTS, acceptOnly(() => tokenOut("ada", 3).access_token));
    const pending = post("what I typed");
    await until(isSignInRequested);
    expect(currentSession()?.userId).toBe("ada"); // still signed in here: the page keeps its state
    startSession(tokenOut("ada", 3)); // what the dialog does once the password is right
    signedInAgain();
    const { response } = await pending;
    expect(response.status).toBe(201);
    expect(await server.calls("POST", POSTS).at(-1)?.json()).toEqual({ body: "what I typed" });
  });

  it("fails the call and signs out when the person declines", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", REFRESH, () => json(401, UNAUTHORIZED));
    server.on("POST", POSTS, () => json(401, UNAUTHORIZED));
    const pending = post("lost");
    await until(isSignInRequested);
    declinedSignIn();
    expect((await pending).response.status).toBe(401);
    expect(currentSession()).toBeNull();
    expect(accessToken()).toBeNull();
  });

  it("does not retry in someone else's session", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", REFRESH, () => json(401, UNAUTHORIZED));
    server.on("POST", POSTS, () => json(401, UNAUTHORIZED));
    const pending = post("Ada's words");
    await until(isSignInRequested);
    startSession(tokenOut("bob"));
    signedInAgain();
    expect((await pending).response.status).toBe(401);
    expect(server.calls("POST", POSTS)).toHaveLength(1);
  });
});
