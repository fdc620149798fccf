/**
 * The one HTTP helper behind every HTTP-speaking node (API requests, custom HTTP, data records, OAuth tokens).
 * It owns the limits a flow must never exceed (time, response size, redirects) and the request log, so
 * that secrets are redacted in exactly one place.
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

export function redactHeaders(headers: Headers, secret: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = secret.has(name.toLowerCase()) ? REDACTED : value;
  });
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

async function readBody(res: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new Error(`Response is larger than the ${formatBytes(maxBytes)} limit (status ${res.status})`);
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
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
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new TimeoutAbort()), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;

  try {
    for (;;) {
      const res = await fetch(url, { method, headers, body, redirect: "manual", signal });
      const location = res.headers.get("location");
      if (REDIRECT_STATUSES.has(res.status) && location) {
        await res.body?.cancel().catch(() => undefined);
        hops.push({ method, url: redactUrl(url.toString()), status: res.status });
        if (hops.length > maxRedirects) {
          throw new Error(`Too many redirects (more than ${maxRedirects}) starting at ${requestSummary.url}`);
        }
        const next = new URL(location, url);
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new Error(`Refusing to follow a redirect to ${next.protocol} URL`);
        }
        // Same rules as browsers: 303 (and 301/302 after POST) turn into a body-less GET.
        if (
          res.status === 303
            ? method !== "HEAD"
            : (res.status === 301 || res.status === 302) && method === "POST"
        ) {
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
      const data = parseBody(bytes, res.headers.get("content-type") ?? "");
      const response: HttpResponse = { status: res.status, headers: Object.fromEntries(res.headers), data };
      const durationMs = elapsed();
      options.log?.(
        `${requestSummary.method} ${requestSummary.url} → ${res.status} in ${durationMs} ms (${formatBytes(bytes.byteLength)})`,
        {
          request: requestSummary,
          ...(hops.length ? { redirects: hops } : {}),
          response: {
            status: res.status,
            url: redactUrl(url.toString()),
            headers: redactHeaders(res.headers, secret),
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
    else if (err instanceof Error && err.message === "fetch failed") {
      // undici hides the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`.
      const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
      error = new Error(
        `Request to ${requestSummary.url} failed: ${cause?.code ?? cause?.message ?? err.message}`,
      );
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
