// @vitest-environment jsdom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { een } from "../../api/clients";
import { endSession, startSession } from "../../auth/session";
import { LanguageProvider } from "../../i18n/language";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function signInWith(roles: string[]) {
  const payload = btoa(JSON.stringify({ sub: "u1", roles })).replace(/=+$/, "");
  act(() => { startSession({ access_token: `e30.${payload}.sig`, user_id: "u1", expires_in: 900 }); });
}

const RUN = {
  id: "r1", mode: "full", status: "running", started_at: "2026-01-02T10:00:00Z", finished_at: null, cursor: null,
  counts: { created: 30, updated: 0, closed: 0, unchanged: 20, quarantined: 0, skipped_own: 0, pages: 1 },
  pod_total: 200, errors: [], skipped_pages: [], resumed: 0,
} as const;

const STATUS = {
  offers: { published: 3, expired: 1, withdrawn: 0 }, exports: {}, forwards: {},
  pod: { configured: true, base_url: "http://pod", circuit: "open", consecutive_failures: 5, times_opened: 1 },
  checkpoint: null, interests_checkpoint: null, last_run: RUN, quarantined: 0,
};

function answering() {
  return vi.spyOn(een, "GET").mockImplementation(((path: string) => {
    const data = path === "/status" ? STATUS : path === "/sync/runs" ? [RUN]
      : path === "/quarantine" ? { items: [], next_cursor: null } : RUN;
    return Promise.resolve({ data, response: new Response() });
  }));
}

const roots: Root[] = [];

async function render(path: string): Promise<HTMLElement> {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  roots.push(root);
  await act(async () => {
    root.render(
      <LanguageProvider><MemoryRouter initialEntries={[path]}><App /></MemoryRouter></LanguageProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  // The page is a chunk of its own (lazyPage): wait for it to take the loading state's place.
  for (let tick = 0; tick < 100 && container.textContent.includes("Caricamento della pagina"); tick += 1) {
    await act(async () => { await new Promise((resolve) => setTimeout(resolve, 10)); });
  }
  return container;
}

afterEach(() => {
  act(() => {
    roots.splice(0).forEach((root) => { root.unmount(); });
    endSession();
  });
  vi.restoreAllMocks();
  document.body.innerHTML = "";
  window.localStorage.clear();
});

describe("EEN console", () => {
  it("sends someone signed out to sign in, and asks the bridge nothing", async () => {
    const get = answering();
    const page = await render("/een");
    expect(page.querySelector("h1")?.textContent).toBe("Accedi");
    expect(get).not.toHaveBeenCalled();
  });

  it("tells a member without the role that it is not for them, and asks the bridge nothing", async () => {
    const get = answering();
    signInWith(["member"]);
    const page = await render("/een");
    expect(page.querySelector('[role="alert"]')?.textContent).toContain("riservata agli operatori EEN");
    expect(get).not.toHaveBeenCalled();
  });

  it("shows an operator the status, the breaker's colour and the running run's progress", async () => {
    answering();
    signInWith(["member", "een_operator"]);
    const page = await render("/een");
    expect(page.textContent).toContain("Stato del collegamento");
    expect(page.querySelector(".badge.bg-danger")?.textContent).toBe("Aperto: chiamate sospese");
    const bar = page.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute("aria-label")).toBe("Avanzamento della sincronizzazione");
    expect(bar?.getAttribute("aria-valuenow")).toBe("25");
    expect(page.textContent).toContain("50 profili letti su 200");
    // A run going on: no second one can be started.
    const start = [...page.querySelectorAll("button")].find((b) => b.textContent === "Sincronizzazione in corso…");
    expect(start?.disabled).toBe(true);
  });

  it("lets a platform operator look but not start a sync", async () => {
    answering();
    signInWith(["member", "platform_operator"]);
    const page = await render("/een");
    expect(page.textContent).toContain("solo gli operatori EEN possono avviare una sincronizzazione");
    expect([...page.querySelectorAll("button")].some((b) => b.textContent === "Avvia la sincronizzazione")).toBe(false);
  });
});
