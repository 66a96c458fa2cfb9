import type { Client } from "./app";

/** Creates an API token through the tokens page (as the client's user) and returns it. */
export async function apiTokenFor(client: Client, name = "测试令牌"): Promise<string> {
  const res = await client.post("/account/tokens", { intent: "create", name });
  const text = await res.text();
  const m = /zjt_[A-Za-z0-9_-]{20,100}/.exec(text);
  if (!m) throw new Error(`no token in the response: ${res.status} ${text.slice(0, 300)}`);
  return m[0];
}

/** A JSON API request with a bearer token (no cookies), through the same built app as the client. */
export function apiCall(client: Client, path: string, token: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const saved = new Map(client.cookies);
  client.cookies.clear();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return client
    .request(path, { method, body: body === undefined ? undefined : (JSON.stringify(body) as never), headers })
    .finally(() => {
      for (const [k, v] of saved) client.cookies.set(k, v);
    });
}
