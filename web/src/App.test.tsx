// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { LanguageProvider } from "./i18n/language";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

async function render(path: string): Promise<HTMLElement> {
  const container = document.createElement("div");
  document.body.append(container);
  await act(async () => {
    createRoot(container).render(
      <LanguageProvider><MemoryRouter initialEntries={[path]}><App /></MemoryRouter></LanguageProvider>,
    );
    await Promise.resolve();
  });
  return container;
}

afterEach(() => { document.body.innerHTML = ""; window.localStorage.clear(); });

describe("app shell", () => {
  it("frames every page with a main landmark, the platform name and the accessibility statement link", async () => {
    const page = await render("/");
    expect(page.querySelector("main")).not.toBeNull();
    expect(page.textContent).toContain("Open Innovation Lombardia");
    expect(page.querySelector('footer a[href="/accessibility"]')?.textContent).toBe("Dichiarazione di accessibilità");
  });

  it("labels the sign-in inputs", async () => {
    const page = await render("/sign-in");
    for (const id of ["sign-in-email", "sign-in-password"]) {
      expect(page.querySelector(`label[for="${id}"]`)?.textContent, id).toBeTruthy();
    }
  });

  it("answers an unknown path with the 404 page, in the remembered language", async () => {
    window.localStorage.setItem("oi.language", "en");
    const page = await render("/no/such/page");
    expect(page.querySelector("h1")?.textContent).toBe("Page not found");
    expect(document.documentElement.lang).toBe("en");
  });
});
