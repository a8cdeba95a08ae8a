// @vitest-environment jsdom
// @vitest-environment-options { "url": "https://oi.example/" }
/** A session that runs out while a form has content: the sign-in dialog opens over the form,
 * the text stays, and once signed in the save goes through. */
import createClient from "openapi-fetch";
import { act, useState } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sessionMiddleware } from "../../api/clients";
import type { paths } from "../../api/communities";
import { declinedSignIn, isSignInRequested } from "../../auth/reauthentication";
import { currentSession, endSession, startSession } from "../../auth/session";
import { clearCookies, FakeFetch, json, setCookie, tokenOut } from "../../auth/testing";
import { LanguageProvider } from "../../i18n/language";
import { SessionExpiredDialog } from "./SessionExpiredDialog";

vi.mock("../../auth/me", () => ({ loadMe: () => Promise.resolve(null), saveLanguage: () => Promise.resolve(true) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const POSTS = "/api/communities/communities/c1/posts";
const UNAUTHORIZED = { status: 401, title: "Unauthorized", detail: "Sign in", type: "about:blank" };
let server: FakeFetch;

/** A form like any page's: a text and a save button. */
function Composer() {
  const [text, setText] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const api = createClient<paths>({ baseUrl: "https://oi.example/api/communities", fetch: server.fetch });
  api.use(sessionMiddleware());
  async function save() {
    const { response } = await api.POST("/communities/{community_id}/posts", {
      params: { path: { community_id: "c1" } }, body: { body: text } as never,
    });
    setSaved(String(response.status));
  }
  return (
    <div>
      <label htmlFor="text">Testo</label>
      <textarea id="text" value={text} onChange={(e) => { setText(e.target.value); }} />
      <button type="button" onClick={() => { void save(); }}>Salva</button>
      {saved !== null && <p id="saved">{saved}</p>}
    </div>
  );
}

async function settle(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await act(async () => { await new Promise((resolve) => setTimeout(resolve, 5)); });
  }
  expect(condition()).toBe(true);
}

function fill(element: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype, "value")?.set?.call(element, value);
    element.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

const byId = (id: string) => document.getElementById(id);
const inputById = (id: string) => document.getElementById(id) as HTMLInputElement | null;

beforeEach(() => {
  server = new FakeFetch();
  vi.stubGlobal("fetch", server.fetch);
  setCookie("oi_csrf=csrf-1; Path=/");
});

afterEach(() => {
  act(() => {
    if (isSignInRequested()) declinedSignIn();
    endSession();
  });
  clearCookies();
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("the session-expired dialog", () => {
  it("keeps what was typed, signs in over the form and saves it", async () => {
    startSession(tokenOut("ada"));
    server.on("POST", "/api/profiles/sessions/refresh", () => json(401, UNAUTHORIZED));
    server.on("POST", "/api/profiles/sessions", () => json(200, tokenOut("ada", 2)));
    server.on("POST", POSTS, (request) => request.headers.get("Authorization") === `Bearer ${tokenOut("ada", 2).access_token}`
      ? json(201, {}) : json(401, UNAUTHORIZED));
    const container = document.createElement("div");
    document.body.append(container);
    await act(async () => {
      createRoot(container).render(<LanguageProvider><Composer /><SessionExpiredDialog /></LanguageProvider>);
      await Promise.resolve();
    });

    const text = document.getElementById("text") as HTMLTextAreaElement | null;
    if (text === null) throw new Error("no text area");
    fill(text, "Una proposta scritta con cura");
    act(() => { container.querySelector("button")?.click(); });
    await settle(() => byId("session-expired-email") !== null);

    expect(document.body.textContent).toContain("Sessione scaduta");
    expect(text.value).toBe("Una proposta scritta con cura"); // the form is still there, as typed
    expect(currentSession()?.userId).toBe("ada");
    fill(inputById("session-expired-email") as HTMLInputElement, "ada@example.org");
    fill(inputById("session-expired-password") as HTMLInputElement, "a long password");
    await act(async () => {
      inputById("session-expired-password")?.form?.requestSubmit();
      await Promise.resolve();
    });

    await settle(() => byId("saved") !== null);
    expect(byId("saved")?.textContent).toBe("201");
    expect(await server.calls("POST", POSTS).at(-1)?.json()).toEqual({ body: "Una proposta scritta con cura" });
    expect(text.value).toBe("Una proposta scritta con cura");
    expect(isSignInRequested()).toBe(false);
  });
});
