// @vitest-environment jsdom
/** The report dialog: a reason is asked for, the report is sent once, and a second report of
 * the same item (409) is said as such. */
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { communities } from "../../../api/clients";
import { LanguageProvider } from "../../../i18n/language";
import { ReportButton } from "./ReportButton";

vi.mock("../../../auth/me", () => ({ loadMe: () => Promise.resolve(null), saveLanguage: () => Promise.resolve(true) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const roots: Root[] = [];

async function render(onReported?: (hidden: boolean) => void): Promise<void> {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  roots.push(root);
  await act(async () => {
    root.render(<LanguageProvider>
      <ReportButton communityId="c1" kind="post" contentId="p1" {...(onReported ? { onReported } : {})} />
    </LanguageProvider>);
    await Promise.resolve();
  });
}

async function settle(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await act(async () => { await new Promise((resolve) => setTimeout(resolve, 5)); });
  }
  expect(condition()).toBe(true);
}

function button(name: string): HTMLButtonElement {
  const found = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === name);
  if (found === undefined) throw new Error(`no button ${name}`);
  return found;
}

function choose(select: HTMLSelectElement, value: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")?.set?.call(select, value);
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

afterEach(() => {
  act(() => { roots.splice(0).forEach((root) => { root.unmount(); }); });
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("the report button", () => {
  it("asks for a reason, then sends the report once", async () => {
    const post = vi.spyOn(communities, "POST").mockResolvedValue({
      data: { id: "r1", kind: "post", content_id: "p1", category: "spam", text: "", created_at: "2026-01-01T00:00:00Z",
              content_hidden: true },
      response: new Response(null, { status: 201 }),
    });
    const reported = vi.fn();
    await render(reported);
    act(() => { button("Segnala").click(); });
    await settle(() => document.querySelector("select") !== null);
    act(() => { button("Invia la segnalazione").click(); });
    expect(document.body.textContent).toContain("Scegli un motivo.");
    expect(post).not.toHaveBeenCalled();

    choose(document.querySelector("select") as HTMLSelectElement, "spam");
    await act(async () => { button("Invia la segnalazione").click(); await Promise.resolve(); });
    await settle(() => document.body.textContent.includes("la tua segnalazione è arrivata ai gestori"));
    expect(post).toHaveBeenCalledTimes(1);
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { community_id: "c1" } }, body: { kind: "post", content_id: "p1", category: "spam", text: "" },
    });
    expect(reported).toHaveBeenCalledWith(true);
  });

  it("says so when the member had reported it already", async () => {
    vi.spyOn(communities, "POST").mockResolvedValue({
      error: { status: 409, title: "Conflict", detail: "You have already reported this content.", type: "about:blank" },
      response: new Response(null, { status: 409 }),
    });
    await render();
    act(() => { button("Segnala").click(); });
    await settle(() => document.querySelector("select") !== null);
    choose(document.querySelector("select") as HTMLSelectElement, "other");
    act(() => { button("Invia la segnalazione").click(); });
    expect(document.body.textContent).toContain("Spiega in poche parole cosa non va.");
    const text = document.querySelector("textarea") as HTMLTextAreaElement;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set?.call(text, "Dati personali");
      text.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(async () => { button("Invia la segnalazione").click(); await Promise.resolve(); });
    await settle(() => document.body.textContent.includes("Hai già segnalato questo contenuto."));
  });
});
