import "bootstrap-italia/dist/css/bootstrap-italia.min.css";
import "./styles/fonts.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App";
import { restoreSession } from "./auth/session";
import { LanguageProvider } from "./i18n/language";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");
const container = root;

// The session (if the refresh cookie still holds one) is known before the first render, so
// no page flashes its signed-out face after a reload; no request at all when never signed in.
void restoreSession().finally(() => {
  createRoot(container).render(
    <StrictMode>
      <LanguageProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </LanguageProvider>
    </StrictMode>,
  );
});
