import { defineConfig } from "vite";

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
});
