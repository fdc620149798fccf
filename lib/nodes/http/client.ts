import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import {
  checkOutboundUrl,
  EMPTY_ALLOW_LIST,
  isUnderBase,
  pinnedLookup,
  type OutboundPolicy,
  type ResolvedAddress,
} from "./outbound";

/**
 * The one HTTP helper behind every HTTP-speaking node (API requests, custom HTTP, data records, OAuth tokens).
 * It owns the limits a flow must never exceed (time, response size, redirects), the outbound address
 * policy (outbound.ts, checked on every hop) and the request log, so that secrets are redacted in exactly
 * one place.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** Header names whose values never appear in logs (lower case). */
const SECRET_HEADERS = ["authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie"];
/** Query parameters that look like credentials are redacted in logged and error URLs. */
const SECRET_PARAM = /key|token|secret|passw|pwd|signature|credential/i;
const REDACTED = "[REDACTED]";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PREVIEW_CHARS = 300;

export type HttpRequestOptions = {
  method?: string;
  /** Absolute http(s) URL; may already contain a query string. */
  url: string;
  /** Appended to the URL: arrays repeat the parameter, objects are sent as JSON, null/undefined are skipped. */
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  /** Objects are sent as JSON (or form-encoded with a form content type); strings and bytes as is. */
  body?: unknown;
  /** Milliseconds for the whole exchange, redirects and body included (default 30 s, capped at 300 s). */
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** Return non-2xx responses instead of throwing. */
  allowNon2xx?: boolean;
  /** Extra header names (e.g. an integration's API-key header) redacted in logs and dropped on cross-origin redirects. */
  secretHeaders?: string[];
  signal?: AbortSignal;
  log?: (message: string, data?: unknown) => void;
  /** Allow-list and resolver; without one, only public addresses are reachable. */
  policy?: OutboundPolicy;
  /**
   * The app's own URL (or the built-in Sandbox CRM under it): hops at or below this base skip the address
   * check. Only set by code paths that reach the app itself, never from a URL a flow supplied.
   */
  trustedBase?: string;
};

export type HttpResponse = { status: number; headers: Record<string, string>; data: unknown };

/** Thrown for non-2xx responses (unless allowed); carries the parsed response for callers that want it. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly response: HttpResponse;
  constructor(message: string, response: HttpResponse) {
    super(message);
    this.name = "HttpStatusError";
    this.status = response.status;
    this.response = response;
  }
}

class TimeoutAbort extends Error {
  constructor() {
    super("timeout");
    this.name = "TimeoutAbort";
  }
}

export function normalizeMethod(method: unknown): HttpMethod {
  const m = (typeof method === "string" && method.trim() ? method : "GET").trim().toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(m)) {
    throw new Error(`Unsupported HTTP method "${String(method)}" (use one of ${HTTP_METHODS.join(", ")})`);
  }
  return m as HttpMethod;
}

/** Accepts a positive number (or numeric string) of ms; anything above the maximum is capped. */
export function resolveTimeoutMs(value: unknown): number {
  if (value === undefined || value === null || value === "") return DEFAULT_TIMEOUT_MS;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw new Error(`timeout must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return Math.min(Math.ceil(n), MAX_TIMEOUT_MS);
}

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  const params = [...parsed.searchParams];
  if (params.some(([k]) => SECRET_PARAM.test(k))) {
    parsed.search = new URLSearchParams(
      params.map(([k, v]) => [k, SECRET_PARAM.test(k) ? REDACTED : v]),
    ).toString();
  }
  // URLSearchParams percent-encodes the brackets; keep the marker readable.
  return parsed.toString().replace(/%5BREDACTED%5D/g, REDACTED);
}

export function redactHeaders(
  headers: Headers | Record<string, string>,
  secret: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  for (const [name, value] of entries) out[name] = secret.has(name.toLowerCase()) ? REDACTED : value;
  return out;
}

function stringifyParam(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

export function buildUrl(url: string, query?: Record<string, unknown>): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid URL "${url}": it must be absolute (http:// or https://)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`Unsupported URL protocol "${parsed.protocol}" (only http and https are allowed)`);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      if (v !== undefined && v !== null) parsed.searchParams.append(key, stringifyParam(v));
  }
  return parsed;
}

function buildHeaders(input: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value === undefined || value === null) continue;
    if (typeof value === "object") throw new Error(`Header "${name}" must be a string, got ${typeof value}`);
    try {
      headers.set(name, String(value));
    } catch {
      throw new Error(`Invalid header "${name}"`);
    }
  }
  return headers;
}

type Body = string | Uint8Array<ArrayBuffer> | undefined;

function encodeBody(method: HttpMethod, body: unknown, headers: Headers): Body {
  if (body === undefined || body === null || method === "GET" || method === "HEAD") return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (body instanceof URLSearchParams) {
    if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    return body.toString();
  }
  const contentType = headers.get("content-type") ?? "";
  if (
    /application\/x-www-form-urlencoded/i.test(contentType) &&
    typeof body === "object" &&
    !Array.isArray(body)
  ) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v !== undefined && v !== null) form.append(k, stringifyParam(v));
    }
    return form.toString();
  }
  if (!contentType) headers.set("content-type", "application/json");
  return JSON.stringify(body);
}

async function readBody(res: http.IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const status = res.statusCode ?? 0;
  const tooLarge = () =>
    new Error(`Response is larger than the ${formatBytes(maxBytes)} limit (status ${status})`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const encoding = String(res.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : undefined;
  let stream: Readable = res;
  if (decoder) {
    res.on("error", (err) => decoder.destroy(err));
    stream = res.pipe(decoder);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } finally {
    if (total > maxBytes || !res.complete) res.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function parseBody(bytes: Uint8Array, contentType: string): unknown {
  if (bytes.byteLength === 0) return null;
  const text = new TextDecoder().decode(bytes);
  const looksJson = /[/+]json\b/i.test(contentType) || (!contentType && /^\s*[[{]/.test(text));
  if (looksJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // A body that claims JSON but is not stays text, so the caller can still see what came back.
    }
  }
  return text;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function preview(data: unknown): string {
  const text =
    typeof data === "string" ? data : data === null || data === undefined ? "" : JSON.stringify(data);
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** Throws an HttpStatusError (status plus a short body preview) unless the response is 2xx. */
export function assertOk(response: HttpResponse, method: string, url: string): void {
  if (response.status >= 200 && response.status <= 299) return;
  const detail = preview(response.data);
  throw new HttpStatusError(
    `${method.toUpperCase()} ${redactUrl(url)} failed with status ${response.status}${detail ? `: ${detail}` : ""}`,
    response,
  );
}

type Hop = { method: HttpMethod; url: string; status: number };

// Keep-alive pools like fetch's; idle sockets close after 4 s (before a typical server's 5 s keep-alive).
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4000 }),
};
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * One HTTP exchange (no redirect handling) on node:http, connected to `pinned` when given (the address the
 * policy checked), so the name is not resolved a second time. A reused keep-alive socket that the server
 * closed meanwhile is retried once for idempotent methods.
 */
function exchange(
  url: URL,
  init: { method: HttpMethod; headers: Headers; body: Body; signal: AbortSignal; pinned?: ResolvedAddress },
  retried = false,
): Promise<http.IncomingMessage> {
  const headers: Record<string, string> = {};
  init.headers.forEach((value, name) => (headers[name] = value));
  headers["accept"] ??= "*/*";
  headers["user-agent"] ??= "Flowdeck";
  headers["accept-encoding"] ??= "gzip, deflate, br";
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: init.method,
      headers,
      signal: init.signal,
      agent: agents[url.protocol as "http:" | "https:"],
      ...(init.pinned ? { lookup: pinnedLookup(init.pinned) } : {}),
    });
    req.once("response", resolve);
    req.once("error", (err: Error & { code?: string }) => {
      if (!retried && req.reusedSocket && err.code === "ECONNRESET" && IDEMPOTENT.has(init.method))
        exchange(url, init, true).then(resolve, reject);
      else reject(err);
    });
    req.end(init.body === undefined ? undefined : Buffer.from(init.body));
  });
}

/**
 * Sends one request (following up to `maxRedirects` redirects by hand) and returns `{status, headers, data}`.
 * Every attempt ends with exactly one log entry, whether it succeeded or not.
 */
export async function sendHttpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  let method = normalizeMethod(options.method);
  const timeoutMs = resolveTimeoutMs(options.timeoutMs);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const secret = new Set([...SECRET_HEADERS, ...(options.secretHeaders ?? []).map((h) => h.toLowerCase())]);
  let url = buildUrl(options.url, options.query);
  const headers = buildHeaders(options.headers);
  let body = encodeBody(method, options.body, headers);

  const requestSummary = { method, url: redactUrl(url.toString()), headers: redactHeaders(headers, secret) };
  const hops: Hop[] = [];
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  if (options.signal?.aborted) throw new Error("Request aborted");
  const policy: OutboundPolicy = options.policy ?? { allow: EMPTY_ALLOW_LIST };
  const trustedBase = options.trustedBase ? new URL(options.trustedBase) : undefined;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new TimeoutAbort()), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;

  try {
    for (;;) {
      // The check runs before anything is sent, on every hop, and the connection uses its answer.
      const pinned =
        trustedBase && isUnderBase(url, trustedBase) ? undefined : await checkOutboundUrl(url, policy);
      const res = await exchange(url, { method, headers, body, signal, pinned });
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        res.resume();
        res.destroy();
        hops.push({ method, url: redactUrl(url.toString()), status });
        if (hops.length > maxRedirects) {
          throw new Error(`Too many redirects (more than ${maxRedirects}) starting at ${requestSummary.url}`);
        }
        const next = new URL(location, url);
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new Error(`Refusing to follow a redirect to ${next.protocol} URL`);
        }
        // Same rules as browsers: 303 (and 301/302 after POST) turn into a body-less GET.
        if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
          method = "GET";
          body = undefined;
          headers.delete("content-type");
          headers.delete("content-length");
        }
        // Credentials are for the origin they were configured for, never for wherever a redirect points.
        if (next.origin !== url.origin) for (const name of secret) headers.delete(name);
        url = next;
        continue;
      }

      const bytes = await readBody(res, maxBytes);
      const responseHeaders = flattenHeaders(res.headers);
      const data = parseBody(bytes, responseHeaders["content-type"] ?? "");
      const response: HttpResponse = { status, headers: responseHeaders, data };
      const durationMs = elapsed();
      options.log?.(
        `${requestSummary.method} ${requestSummary.url} → ${status} in ${durationMs} ms (${formatBytes(bytes.byteLength)})`,
        {
          request: requestSummary,
          ...(hops.length ? { redirects: hops } : {}),
          response: {
            status,
            url: redactUrl(url.toString()),
            headers: redactHeaders(responseHeaders, secret),
            size: bytes.byteLength,
          },
          durationMs,
        },
      );
      if (!options.allowNon2xx) assertOk(response, requestSummary.method, requestSummary.url);
      return response;
    }
  } catch (err) {
    if (err instanceof HttpStatusError) throw err;
    let error: Error;
    if (timeout.signal.aborted) error = new Error(`Request timed out after ${timeoutMs} ms`);
    else if (options.signal?.aborted) error = new Error("Request aborted");
    else if (err instanceof Error && typeof (err as Error & { code?: unknown }).code === "string") {
      // Socket and parser errors (ECONNREFUSED, ECONNRESET, …): name the request they belong to.
      const code = (err as Error & { code: string }).code;
      error = new Error(`Request to ${redactUrl(url.toString())} failed: ${code}`);
    } else error = err instanceof Error ? err : new Error(String(err));
    const durationMs = elapsed();
    options.log?.(
      `${requestSummary.method} ${requestSummary.url} failed after ${durationMs} ms: ${error.message}`,
      {
        request: requestSummary,
        ...(hops.length ? { redirects: hops } : {}),
        error: error.message,
        durationMs,
      },
    );
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
