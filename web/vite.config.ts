import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The gateway (make run) listens here; `vite` proxies the API to it during UI work.
const gateway = process.env.OI_GATEWAY ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    // Fonts and icons are files of their own, never inlined as data: URLs, so the CSP's
    // font-src/img-src 'self' holds.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    proxy: { "/api": { target: gateway, changeOrigin: false } },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    // design-react-kit's exports name only "module" and "main", conditions Vite's SSR-style
    // test resolution ignores: point the tests at its ES build and let Vite transform it.
    alias: {
      "design-react-kit": fileURLToPath(new URL("./node_modules/design-react-kit/dist/index.js", import.meta.url)),
    },
    server: { deps: { inline: ["design-react-kit"] } },
  },
});
