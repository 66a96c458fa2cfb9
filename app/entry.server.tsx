/**
 * Server entry: Remix's default node entry, with one repair. React 18.3's streaming renderer has a bug: when a
 * multi-byte UTF-8 character does not fit at the end of its 2048-byte chunk, `encodeInto` leaves the last 1–2 bytes
 * unwritten and React still flushes the whole chunk, so NUL bytes appear inside Chinese text (seen as "叫\0\0停线"
 * on long pages; fixed in React 19, which Remix 2 cannot use — STACK.md). The character itself is written again at
 * the start of the next chunk, so dropping the NUL bytes restores the exact text; a NUL never occurs in valid HTML.
 */
import { PassThrough, Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";

const ABORT_DELAY = 5_000;

function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      done(null, out.subarray(0, n));
    },
  });
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, _loadContext: AppLoadContext) {
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // the app streams nothing deferred: wait for the whole document (as Remix does for bots), then send it
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      onAllReady() {
        shellRendered = true;
        const body = new PassThrough();
        const repaired = body.pipe(stripNulBytes());
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(createReadableStreamFromReadable(repaired), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
