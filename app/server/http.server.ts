/** Responses thrown by the require… helpers, so a loader reads top to bottom. Messages are Chinese. */
export function forbidden(message = "您没有权限访问此页面或执行此操作。"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function notFound(message = "找不到该记录，或您无权查看。"): Response {
  return new Response(message, { status: 404, statusText: "Not Found", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function badRequest(message: string): Response {
  return new Response(message, { status: 400, statusText: "Bad Request", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Throws a 404 unless the value is present — used after a scoped query: out of scope and missing look the same. */
export function found<T>(value: T | null | undefined, message?: string): T {
  if (value === null || value === undefined) throw notFound(message);
  return value;
}

export function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

export function serializeCookie(
  request: Request,
  name: string,
  value: string,
  options: { maxAgeSeconds?: number; httpOnly?: boolean } = {},
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax"];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (isSecure(request)) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** A stored file as a private download: never cached, never sniffed into something the browser would run. */
export function fileDownload(file: { content: Uint8Array | null; mimeType: string | null; fileName: string | null }, fallbackName: string): Response {
  return new Response(Buffer.from(found(file.content)), {
    headers: {
      "Content-Type": file.mimeType ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName ?? fallbackName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** A 32-bit id (organisations, users, regions' rows) from the URL: anything else names no record — never a database error. */
export function int32Id(value: unknown): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}
