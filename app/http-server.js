/**
 * The HTTP server: Express + the Remix request handler. It gives loaders the client address (login throttling,
 * audit) and a request id, serves the built assets, and shuts down cleanly on SIGTERM/SIGINT (STACK.md trap 7).
 * Run after `remix build` (npm start does both). PORT (3000) and HOST (127.0.0.1) are honoured.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const build = await import(pathToFileURL(path.resolve("build/index.js")).href);

const app = express();
app.disable("x-powered-by");
// behind a reverse proxy set TRUST_PROXY (e.g. "loopback") so req.ip is the client's address
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());
app.use("/build", express.static("build/client", { immutable: true, maxAge: "1y" }));
app.use((req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
});
app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req) => ({ ip: req.ip ?? req.socket.remoteAddress ?? "unknown", requestId: String(req.headers["x-request-id"] ?? randomUUID()) }),
  }),
);

const server = app.listen(port, host, () => console.log(`资金通 已启动：http://${host}:${port}`));

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`收到 ${signal}，正在关闭…`);
  server.close();
  server.closeAllConnections?.();
  try {
    const handle = globalThis.__zjtDb;
    globalThis.__zjtDb = undefined;
    if (handle) await (await handle).close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
