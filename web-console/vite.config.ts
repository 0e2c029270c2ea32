import { defineConfig } from "vitest/config";

// `npm run dev` serves the console on http://localhost:5173 and proxies the API to a running
// server (`./cepheus serve`, port 8080; set CEPHEUS_URL for another). `npm run build` writes dist/,
// which the Maven build packages under META-INF/resources/console for the server to serve at /.
const server = process.env.CEPHEUS_URL ?? "http://localhost:8080";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { "/api": { target: server, changeOrigin: true } },
  },
  // `npm test`: the unit tests of the console's logic (no browser; the browser tests are the server's)
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
