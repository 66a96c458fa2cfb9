/**
 * Drives the built app (build/index.js, made by `remix build` before the tests) through Remix's own request
 * handler: real Requests, real cookies, the root and layout loaders, `.data` requests, redirects and errors —
 * what a browser or an attacker would get, minus the socket.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { csrfTokenFor } from "~/server/csrf.server";
import { DEMO_PASSWORD } from "#db/seed/demo-users";

const BUILD = path.resolve("build/index.js");
const ORIGIN = "http://localhost";

let buildPromise: Promise<ServerBuild> | undefined;
export function loadBuild(): Promise<ServerBuild> {
  if (!existsSync(BUILD)) throw new Error("build/index.js is missing: the test command runs `remix build` first (npm test)");
  buildPromise ??= import(pathToFileURL(BUILD).href) as Promise<ServerBuild>;
  return buildPromise;
}

let ipCounter = 0;

/** A user agent with its own cookie jar and address. */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly ip = `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  private absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...rest] = pair.split("=");
      const value = decodeURIComponent(rest.join("="));
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async request(pathname: string, init: { method?: string; body?: FormData | URLSearchParams; headers?: Record<string, string> } = {}): Promise<Response> {
    const build = await loadBuild();
    const handler = createRequestHandler(build, "production");
    const headers = new Headers({ Host: "localhost", Cookie: this.cookieHeader(), ...init.headers });
    if (init.method && init.method !== "GET") headers.set("Origin", ORIGIN);
    const request = new Request(`${ORIGIN}${pathname}`, { method: init.method ?? "GET", body: init.body, headers });
    const response = await handler(request, { ip: this.ip, requestId: `test-${Math.random().toString(36).slice(2)}` });
    this.absorb(response);
    return response;
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  /** The CSRF token the pages of this client would carry. */
  csrf(): string {
    return csrfTokenFor(new Request(ORIGIN, { headers: { Cookie: this.cookieHeader() } })).token;
  }

  /** Posts a form with the page's CSRF token (pass csrf: null to leave it out). */
  post(pathname: string, fields: Record<string, string | null>, options: { csrf?: string | null } = {}) {
    const body = new FormData();
    const csrf = options.csrf === undefined ? this.csrf() : options.csrf;
    if (csrf !== null) body.set("csrf", csrf);
    for (const [k, v] of Object.entries(fields)) if (v !== null) body.set(k, v);
    return this.request(pathname, { method: "POST", body });
  }

  async signIn(username: string, password = DEMO_PASSWORD): Promise<Response> {
    await this.get("/login");
    return this.post("/login", { username, password, redirectTo: "/" });
  }
}

export async function signedIn(username: string): Promise<Client> {
  const client = new Client();
  const res = await client.signIn(username);
  if (res.status !== 302 || !client.cookies.has("zjt_session")) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return client;
}

/** Every route of the build with its full URL pattern, computed from the route files' manifest. */
export async function routeTable() {
  const build = await loadBuild();
  const routes = Object.values(build.routes);
  const fullPath = (id: string): string => {
    const r = build.routes[id];
    const parent = r.parentId ? fullPath(r.parentId) : "";
    const own = r.path ?? "";
    return [parent, own].filter(Boolean).join("/").replace(/\/+/g, "/");
  };
  return routes
    .filter((r) => r.id !== "root" && (r.path !== undefined || r.index))
    .map((r) => ({
      id: r.id,
      path: `/${fullPath(r.id)}`.replace(/\/$/, "") || "/",
      hasLoader: Boolean(r.module.loader),
      hasAction: Boolean(r.module.action),
      hasComponent: Boolean(r.module.default),
    }));
}
