/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  assetsBuildDirectory: "build/client",
  publicPath: "/build/",
  serverBuildPath: "build/index.js",
  cacheDirectory: "node_modules/.cache/remix",
  ignoredRouteFiles: ["**/.*", "**/*.css", "**/*.test.{ts,tsx}", "**/*.server.ts", "**/schema.ts"],
  watchPaths: ["db/**/*.ts", "rules/**/*.ts"],
  // the holiday calendar data (JSON) is bundled: Node cannot import a bare JSON module without an import attribute
  serverDependenciesToBundle: [/^chinese-days/],
  tailwind: false,
  postcss: false,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
