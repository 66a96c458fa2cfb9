import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^~\/(.*)$/, replacement: `${root}app/$1` },
      { find: /^#db\/(.*)$/, replacement: `${root}db/$1` },
      { find: /^#rules$/, replacement: `${root}rules/index.ts` },
      { find: /^#rules\/(.*)$/, replacement: `${root}rules/$1` },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    globalSetup: ["test/setup/global-setup.ts"],
    // every clock runs as of the demo data's date (XDT_DEMO_TODAY), so the suite passes on any calendar day
    env: { ZJT_TODAY: "2026-11-27" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    coverage: {
      provider: "v8",
      include: ["rules/**/*.ts"],
      reporter: ["text-summary", "text"],
    },
  },
});
