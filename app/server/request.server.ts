import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";

/** What the HTTP server passes to every loader and action (app/http-server.js). */
export interface RequestMeta {
  ip: string;
  requestId: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    ip?: string;
    requestId?: string;
  }
}

export function requestMeta(context: AppLoadContext | undefined): RequestMeta {
  return { ip: context?.ip ?? "unknown", requestId: context?.requestId ?? randomUUID() };
}
