// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { endSession, startSession } from "../../auth/session";
import { tokenOut } from "../../auth/testing";
import { LanguageProvider } from "../../i18n/language";
import { RequireSignIn } from "./RequireSignIn";
import { returnPath } from "./signInState";

vi.mock("../../auth/me", () => ({ loadMe: () => Promise.resolve(null), saveLanguage: () => Promise.resolve(true) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function SignInStandIn() {
  const location = useLocation();
  return <p id="sign-in">{returnPath(location.state)}</p>;
}

async function render(path: string): Promise<HTMLElement> {
  const container = document.createElement("div");
  document.body.append(container);
  await act(async () => {
    createRoot(container).render(
      <LanguageProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/sign-in" element={<SignInStandIn />} />
            <Route path="/inbox" element={<RequireSignIn><p id="inbox">Inbox</p></RequireSignIn>} />
          </Routes>
        </MemoryRouter>
      </LanguageProvider>,
    );
    await Promise.resolve();
  });
  return container;
}

afterEach(() => {
  act(() => { endSession(); });
  document.body.innerHTML = "";
});

describe("RequireSignIn", () => {
  it("sends a signed-out visitor to sign in, to come back to the same place", async () => {
    const page = await render("/inbox?unread=1#top");
    expect(page.querySelector("#inbox")).toBeNull();
    expect(page.querySelector("#sign-in")?.textContent).toBe("/inbox?unread=1#top");
  });

  it("shows the page to a signed-in member", async () => {
    startSession(tokenOut("ada"));
    const page = await render("/inbox");
    expect(page.querySelector("#inbox")?.textContent).toBe("Inbox");
  });

  it("goes back only to a path of this app", () => {
    expect(returnPath({ from: { pathname: "//evil.example", search: "", hash: "" } })).toBeNull();
    expect(returnPath(null)).toBeNull();
  });
});
