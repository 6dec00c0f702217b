import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": "http://localhost:3000",
    },
  },
});
