// The production server (`npm start`, the Playwright suites, the benchmarks): Next.js serves the console,
// the embed pages, server actions and static files; requests to the REST API (`/api/**`) go straight to the
// route's handler — the same `app/api/**/route.ts` module Next.js would run (lib/server/api-router.ts) —
// without Next.js's request pipeline, which cost more than most API requests themselves (measured with
// `npm run bench:api`: README "Benchmarks"). A path or method the router does not know is left to Next.js.
//
// Environment: PORT (3000), HOST (0.0.0.0), plus everything lib/env.ts reads.
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { PendingEventStream } from "@/lib/services/events/open-event-stream";

const gzip = promisify(zlib.gzip);

(process.env as Record<string, string>).NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// The project (Next.js build, migrations, workspace: everything is found from the working directory, as in
// lib/) and the code of the API routes: `app/api` beside this file's folder, i.e. the sources when run with
// tsx, the bundle's copy when run from the build (scripts/build-server.mjs).
const root = process.cwd();
const codeRoot = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT || 3000);
// HOST, not HOSTNAME: containers set HOSTNAME to their own name.
const hostname = process.env.HOST || "0.0.0.0";

/** Why an API path cannot be served (undecodable percent-encoding, NUL characters), if it cannot. */
function badPath(pathname: string): string | undefined {
  for (const segment of pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `path: "${segment.slice(0, 100)}" is not valid percent-encoded UTF-8`;
    }
    if (decoded.includes("\0")) return "path: must not contain NUL characters";
  }
  return undefined;
}

/**
 * A request's body as one Buffer, or "too-large" past `max` bytes (declared or sent; the rest is not read:
 * the 413 answer closes the connection).
 */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | "too-large"> {
  if (Number(req.headers["content-length"] ?? 0) > max) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve("too-large");
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

/**
 * The change stream (GET /api/events) written straight to the Node response: one socket write per stream
 * and flush of the fan-out, instead of a web ReadableStream, a Node stream and a pipe per client (auth, the
 * caller's limit and Last-Event-ID were handled by the route, lib/server/event-stream-response.ts). Never
 * compressed; stopped when the client goes away.
 */
function writeEventStream(pending: PendingEventStream, res: http.ServerResponse): true {
  res.flushHeaders();
  res.on("close", pending.stop);
  pending.start({
    write: (bytes) => void res.write(bytes),
    backlog: () => res.writableLength,
    end: () => res.end(),
  });
  if (res.destroyed) pending.stop();
  return true;
}

async function main() {
  // What `next start` loads first (AsyncLocalStorage on globalThis, …), before anything imports next/server.
  await import("next/dist/server/node-environment.js");
  const { default: next } = await import("next");
  const { RequestCookies } = await import("next/dist/server/web/spec-extension/cookies.js");
  const { createApiRouter } = await import("@/lib/server/api-router");
  const { jsonBodyOf, serveJsonBodiesDirectly, setReadBody, MAX_BODY_BYTES } =
    await import("@/lib/server/route");
  type ApiRequest = import("@/lib/server/route").ApiRequest;
  const { eventStreamOf } = await import("@/lib/server/event-stream-response");
  const { describeError } = await import("@/lib/core/errors");
  const { baseSecurityHeaders, isHttps } = await import("@/lib/server/security-headers");
  const headerBag = (req: http.IncomingMessage) => ({
    get: (name: string) => {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  });
  /** What a route handler reads of the request (lib/server/route.ts ApiRequest), over Node's request. */
  const apiRequest = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): ApiRequest => {
    const headers = headerBag(req);
    let cookies: InstanceType<typeof RequestCookies> | undefined;
    let aborted: AbortController | undefined;
    return {
      method: req.method ?? "GET",
      headers,
      nextUrl: url,
      body: null,
      get cookies() {
        return (cookies ??= new RequestCookies(headers as Headers));
      },
      // Aborted when the client goes away (an event stream then unsubscribes).
      get signal() {
        if (!aborted) {
          const controller = (aborted = new AbortController());
          res.once("close", () => controller.abort());
        }
        return aborted.signal;
      },
    };
  };
  serveJsonBodiesDirectly();
  // No hostname: Next.js then takes the host of each request from its Host header (as `next start` does),
  // which the embed cookie (SameSite=None on localhost and https) depends on.
  const app = next({ dev: false, dir: root, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const router = createApiRouter(path.join(codeRoot, "app/api"));

  async function serveApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const method = req.method ?? "GET";
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const bad = badPath(pathname);
    if (bad) {
      req.resume(); // drain any body, so the connection stays usable
      res.statusCode = 400;
      for (const [k, v] of Object.entries(baseSecurityHeaders(false))) res.setHeader(k, v);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ type: "bad_request", message: bad }));
      return true;
    }
    const hit = await router.match(method, pathname);
    if (!hit) return false;
    const proto = String(req.headers["x-forwarded-proto"] ?? "http")
      .split(",")[0]
      .trim();
    const url = new URL(raw, `${proto === "https" ? "https" : "http"}://${req.headers.host ?? "localhost"}`);
    const request = apiRequest(req, res, url);
    if (method !== "GET" && method !== "HEAD") setReadBody(request, await readBody(req, MAX_BODY_BYTES));
    const response = await hit.handler(request, { params: Promise.resolve(hit.params) });
    res.statusCode = response.status;
    response.headers.forEach((v, k) => {
      if (k !== "set-cookie") res.setHeader(k, v);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader("set-cookie", cookies);
    const events = eventStreamOf(response);
    if (events) return writeEventStream(events, res);
    const json = jsonBodyOf(response);
    if (json) {
      json.buf ??= Buffer.from(json.text);
      if (json.buf.length >= 1024 && /\bgzip\b/.test(String(req.headers["accept-encoding"]))) {
        // As Next.js compresses its responses: lists are tens of kB of JSON. Made once per body (a cached
        // read's body is shared by every response that reuses it).
        json.gzip ??= gzip(json.buf);
        res.setHeader("content-encoding", "gzip");
        res.setHeader("vary", "Accept-Encoding");
        res.removeHeader("content-length");
        res.end(await json.gzip);
        return true;
      }
      res.end(json.buf);
      return true;
    }
    if (!response.body) {
      res.end();
      return true;
    }
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    body.on("error", () => res.destroy());
    // A client that goes away cancels the body; streamed bodies are written as they come, never compressed.
    res.on("close", () => body.destroy());
    body.pipe(res);
    return true;
  }

  const server = http.createServer((req, res) => {
    // The peer's address, for sign-in throttling (lib/server/client-address.ts); never a client's own value.
    req.headers["x-flowdeck-client-address"] = req.socket.remoteAddress ?? "unknown";
    // nosniff, Referrer-Policy, HSTS under https on every answer (pages add their CSP in proxy.ts).
    for (const [k, v] of Object.entries(baseSecurityHeaders(isHttps(headerBag(req))))) res.setHeader(k, v);
    const forNext = () => void handle(req, res);
    if (!req.url?.startsWith("/api/")) return forNext();
    serveApi(req, res).then(
      (served) => served || forNext(),
      (err) => {
        console.error("[api]", describeError(err));
        if (res.headersSent) return res.destroy();
        res.statusCode = 500;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ type: "internal", message: "Internal error" }));
      },
    );
  });
  server.listen(port, hostname, () =>
    console.log(`[flowdeck] ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`),
  );
  // SIGTERM/SIGINT: stop accepting connections and exit; the in-process worker's own handler (registered
  // by boot(), lib/server/boot.ts, so before this one) holds that exit until its runs finished or were
  // handed back.
  const { boot } = await import("@/lib/server/boot");
  await boot();
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      server.close();
      server.closeIdleConnections();
      process.exit(signal === "SIGINT" ? 130 : 0);
    });
}

main().catch((err) => {
  console.error(`[flowdeck] cannot start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
