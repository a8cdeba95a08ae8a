// @vitest-environment jsdom
// @vitest-environment-options { "url": "https://oi.example/" }
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  accessToken, csrfToken, currentSession, endSession, refreshSession, restoreSession, sessionStatus, signIn,
  signOut, startSession,
} from "./session";
import { clearCookies, FakeFetch, json, setCookie, tokenOut } from "./testing";

const REFRESH = "/api/profiles/sessions/refresh";
let server: FakeFetch;

beforeEach(() => {
  server = new FakeFetch();
  vi.stubGlobal("fetch", server.fetch);
});

afterEach(() => {
  endSession();
  clearCookies();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("restoring a session at start", () => {
  it("asks nothing when this browser holds no CSRF cookie (never signed in here)", async () => {
    expect(await restoreSession()).toBe("signed-out");
    expect(server.seen).toEqual([]);
  });

  it("trades the cookie for an access token, echoing the CSRF cookie in X-CSRF-Token", async () => {
    setCookie("oi_csrf=csrf-1; Path=/");
    server.on("POST", REFRESH, () => json(200, tokenOut("ada")));
    expect(await restoreSession()).toBe("signed-in");
    const [sent] = server.calls("POST", REFRESH);
    expect(sent?.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(sent?.credentials).toBe("same-origin");
    expect(await sent?.text()).toBe(""); // no refresh token in any body: the cookie carries it
    expect(currentSession()?.userId).toBe("ada");
    expect(currentSession()?.roles).toEqual(["member"]);
    expect(accessToken()).toBe(tokenOut("ada").access_token);
  });

  it("is signed out, and forgets the CSRF cookie, when the session is over", async () => {
    setCookie("oi_csrf=stale; Path=/");
    server.on("POST", REFRESH, () => json(401, { status: 401, title: "Unauthorized", detail: "x", type: "about:blank" }));
    expect(await restoreSession()).toBe("signed-out");
    expect(csrfToken()).toBeNull();
    expect(currentSession()).toBeNull();
  });

  it("is signed out when the service does not answer", async () => {
    setCookie("oi_csrf=csrf-1; Path=/");
    server.on("POST", REFRESH, () => { throw new TypeError("offline"); });
    expect(await restoreSession()).toBe("signed-out");
  });
});

describe("refreshing", () => {
  it("refreshes a minute before the access token expires, and again after that", async () => {
    vi.useFakeTimers();
    setCookie("oi_csrf=csrf-1; Path=/");
    let n = 0;
    server.on("POST", REFRESH, () => { n += 1; return json(200, tokenOut("ada", n + 1)); });
    startSession(tokenOut("ada"));
    await vi.advanceTimersByTimeAsync(13 * 60_000);
    expect(n).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000 + 10);
    expect(n).toBe(1);
    expect(accessToken()).toBe(tokenOut("ada", 2).access_token);
    await vi.advanceTimersByTimeAsync(14 * 60_000 + 10);
    expect(n).toBe(2);
  });

  it("sends one request for any number of callers at once", async () => {
    setCookie("oi_csrf=csrf-1; Path=/");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    server.on("POST", REFRESH, async () => { await gate; return json(200, tokenOut("ada", 2)); });
    startSession(tokenOut("ada"));
    const outcomes = Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    release();
    expect(await outcomes).toEqual(["ok", "ok", "ok"]);
    expect(server.calls("POST", REFRESH)).toHaveLength(1);
    // Once it is done, the next refresh is a request of its own.
    await refreshSession();
    expect(server.calls("POST", REFRESH)).toHaveLength(2);
  });

  it("keeps the person signed in here when the session is over: the page decides what comes next", async () => {
    setCookie("oi_csrf=csrf-1; Path=/");
    server.on("POST", REFRESH, () => json(401, { status: 401, title: "Unauthorized", detail: "x", type: "about:blank" }));
    startSession(tokenOut("ada"));
    expect(await refreshSession()).toBe("over");
    expect(sessionStatus()).toBe("signed-in");
    expect(currentSession()?.userId).toBe("ada");
  });

  it("tries again later when the network is away", async () => {
    vi.useFakeTimers();
    setCookie("oi_csrf=csrf-1; Path=/");
    let online = false;
    server.on("POST", REFRESH, () => {
      if (!online) throw new TypeError("offline");
      return json(200, tokenOut("ada", 2));
    });
    startSession(tokenOut("ada"));
    expect(await refreshSession()).toBe("unreachable");
    online = true;
    await vi.advanceTimersByTimeAsync(15_000 + 10);
    expect(accessToken()).toBe(tokenOut("ada", 2).access_token);
  });
});

describe("signing in and out", () => {
  it("signs in with the cookie transport, so the refresh token never reaches the page", async () => {
    server.on("POST", "/api/profiles/sessions", () => json(200, tokenOut("ada")));
    const session = await signIn("ada@example.org", "a long password");
    expect(session).toMatchObject({ userId: "ada" });
    const [sent] = server.calls("POST", "/api/profiles/sessions");
    expect(await sent?.json()).toEqual({ email: "ada@example.org", password: "a long password",
                                         refresh_transport: "cookie" });
  });

  it("reports a refused sign-in with its problem", async () => {
    server.on("POST", "/api/profiles/sessions",
              () => json(401, { status: 401, title: "Unauthorized", detail: "Wrong", type: "about:blank" }));
    expect(await signIn("ada@example.org", "nope")).toMatchObject({ status: 401, body: { status: 401 } });
    expect(currentSession()).toBeNull();
  });

  it("revokes with the CSRF header, then forgets the session whatever the answer", async () => {
    setCookie("oi_csrf=csrf-9; Path=/");
    server.on("POST", "/api/profiles/sessions/revoke", () => { throw new TypeError("offline"); });
    startSession(tokenOut("ada"));
    await signOut();
    expect(server.calls("POST", "/api/profiles/sessions/revoke")[0]?.headers.get("X-CSRF-Token")).toBe("csrf-9");
    expect(currentSession()).toBeNull();
    expect(sessionStatus()).toBe("signed-out");
    expect(csrfToken()).toBeNull(); // so a reload does not try to restore it
  });
});
