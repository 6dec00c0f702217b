import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunk holds which page and what each chunk imports;
    // e2e/cabinet-bundle.test.ts reads it to tell the cabinet's scripts from the rest.
    manifest: true,
  },
  server: {
    proxy: {
      "/api": "http://localhost:3000",
      // Public share links (/s/:token) are the server's pages. A regex: a plain "/s" key is a
      // prefix and would also take /src/… and /settings.
      "^/s/": "http://localhost:3000",
    },
  },
});
