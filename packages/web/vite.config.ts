import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The Api serves dist/ at / in local mode (functions/http/web.ts); `vite` alone proxies /api to it
// (at FINCHAT_API_URL when set: `sst dev` sets it to the Api's dev port, stacks/web.ts).
const api = process.env.FINCHAT_API_URL || "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Mermaid alone is over a megabyte; it and the highlighter load only when a message needs them.
    chunkSizeWarningLimit: 3000,
    reportCompressedSize: false,
  },
  server: { proxy: { "/api": api, "/health": api } },
});
