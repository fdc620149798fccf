import { createHash } from "node:crypto";
import type { NodeRuntime } from "../types";
import { sendHttpRequest } from "./client";
import { isUnderBase } from "./outbound";

export type IntegrationAuthType = "none" | "api-key" | "bearer" | "basic" | "oauth2-client-credentials";

export type AuthHeaders = {
  headers: Record<string, string>;
  /** Header names carrying credentials (for log redaction). */
  secretHeaders: string[];
  /** Set when an OAuth token came from the cache, so a 401 can drop it and retry once. */
  cachedTokenKey?: string;
};

type AuthOptions = {
  signal?: AbortSignal;
  log?: (message: string, data?: unknown) => void;
  timeoutMs?: number;
};

/** `/path` URIs are served by this app (the Sandbox CRM lives at /sandbox/crm), so they resolve against appUrl. */
export function resolveAppRelative(uri: string, appUrl: string): string {
  if (!uri.startsWith("/")) return uri;
  if (!appUrl) throw new Error(`Cannot resolve "${uri}": the app URL (APP_URL) is not configured`);
  return appUrl.replace(/\/+$/, "") + uri;
}

/** Refuses a path whose segments, once percent-decoded, still hold `.`/`..` (e.g. `..%2f` or `%252e%252e`). */
function assertNoDotSegments(pathname: string, path: string): void {
  for (const segment of pathname.split("/")) {
    let decoded = segment;
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        break;
      }
    }
    if (decoded.split(/[/\\]/).some((part) => part === "." || part === ".."))
      throw new Error(`Request path "${path}" contains a relative segment ("${segment}")`);
  }
}

/**
 * Joins a base URL and a request path, normalised (`..`, `%2e%2e`, backslashes resolved as a server would)
 * and required to stay on the base's origin and under its path, so a path can never carry the
 * connection's credentials to another part of the host or to another host.
 */
export function joinUrl(base: string, path: unknown): string {
  const trimmedBase = base.replace(/\/+$/, "");
  if (path === undefined || path === null || path === "") return trimmedBase;
  if (typeof path !== "string" && typeof path !== "number") {
    throw new Error(`Request path must be a string, got ${Array.isArray(path) ? "array" : typeof path}`);
  }
  const p = String(path);
  let joined: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(p)) joined = p;
  else if (p.startsWith("?") || p.startsWith("#")) joined = trimmedBase + p;
  else joined = `${trimmedBase}/${p.replace(/^[/\\]+/, "")}`;
  let url: URL;
  let baseUrl: URL;
  try {
    baseUrl = new URL(trimmedBase);
    url = new URL(joined);
  } catch {
    throw new Error(`Request path "${p}" does not form a valid URL with the base URL ${trimmedBase}`);
  }
  if (!isUnderBase(url, baseUrl)) throw new Error(`Request path "${p}" leaves the base URL ${trimmedBase}`);
  assertNoDotSegments(url.pathname, p);
  return url.toString();
}

/**
 * The integration's base URL. A baseUri starting with `/` is served by this app (the built-in Sandbox CRM
 * at /sandbox/crm): it resolves against APP_URL and is trusted, i.e. requests below it skip the outbound
 * address check. Only admins define integrations, so no flow or customer can point this elsewhere.
 */
export function integrationBase(runtime: NodeRuntime): { url: string; trusted: boolean } {
  const baseUri = runtime.integration.baseUri;
  if (!baseUri) throw new Error(`Integration "${runtime.integration.key}" has no baseUri`);
  return { url: resolveAppRelative(baseUri, runtime.appUrl), trusted: baseUri.startsWith("/") };
}

function credential(credentials: Record<string, unknown>, names: string[], label: string): string {
  for (const n of names) {
    const v = credentials[n];
    if (typeof v === "string" && v) return v;
    if (typeof v === "number") return String(v);
  }
  throw new Error(`The connection's credentials have no ${label} (expected "${names[0]}")`);
}

type CachedToken = { token: string; expiresAt: number };
const tokenCache = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();
/** Tokens without expires_in are kept this long; a 401 drops them earlier. */
const DEFAULT_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Test hook: forget every cached OAuth token. */
export function clearTokenCache(): void {
  tokenCache.clear();
  inflight.clear();
}

export function forgetCachedToken(key: string): void {
  tokenCache.delete(key);
}

async function fetchClientCredentialsToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope: string | undefined,
  options: AuthOptions & { runtime: NodeRuntime; trusted: boolean },
): Promise<CachedToken> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  });
  if (scope) form.set("scope", scope);
  const res = await sendHttpRequest({
    method: "POST",
    url: tokenUrl,
    headers: { accept: "application/json" },
    body: form,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    log: options.log,
    policy: options.runtime.outbound,
    ...(options.trusted ? { trustedBase: tokenUrl } : {}),
  }).catch((err: unknown) => {
    throw new Error(
      `Could not get an OAuth access token: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  const data = (typeof res.data === "object" && res.data !== null ? res.data : {}) as Record<string, unknown>;
  const token = data.access_token;
  if (typeof token !== "string" || !token)
    throw new Error("The OAuth token endpoint returned no access_token");
  const expiresIn = Number(data.expires_in);
  // Renew a little early so a token never expires between the cache check and the request.
  const ttl =
    Number.isFinite(expiresIn) && expiresIn > 0
      ? Math.max(expiresIn * 1000 - 60_000, expiresIn * 500)
      : DEFAULT_TOKEN_TTL_MS;
  return { token, expiresAt: Date.now() + ttl };
}

async function clientCredentialsToken(
  runtime: NodeRuntime,
  auth: Record<string, unknown>,
  options: AuthOptions,
): Promise<{ token: string; key: string; cached: boolean }> {
  const creds = runtime.connection.credentials;
  const clientId = credential(creds, ["clientId", "client_id"], "client id");
  const clientSecret = credential(creds, ["clientSecret", "client_secret"], "client secret");
  if (typeof auth.tokenUri !== "string" || !auth.tokenUri) {
    throw new Error(
      `Integration "${runtime.integration.key}" uses oauth2-client-credentials but has no tokenUri`,
    );
  }
  const tokenUrl = resolveAppRelative(auth.tokenUri, runtime.appUrl);
  const scope = typeof auth.scope === "string" ? auth.scope : undefined;
  // Keyed per connection and credentials, so rotated credentials never reuse an old token.
  const key = createHash("sha256")
    .update([runtime.connection.id, tokenUrl, clientId, clientSecret, scope ?? ""].join("\0"))
    .digest("hex");
  const hit = tokenCache.get(key);
  if (hit && hit.expiresAt > Date.now()) return { token: hit.token, key, cached: true };
  let pending = inflight.get(key);
  if (!pending) {
    const trusted = auth.tokenUri.startsWith("/"); // served by this app, like an app-relative baseUri
    pending = fetchClientCredentialsToken(tokenUrl, clientId, clientSecret, scope, {
      ...options,
      runtime,
      trusted,
    }).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  const fresh = await pending;
  tokenCache.set(key, fresh);
  return { token: fresh.token, key, cached: false };
}

/** Headers that authenticate a request to the integration's API with the connection's credentials. */
export async function integrationAuthHeaders(
  runtime: NodeRuntime,
  options: AuthOptions = {},
): Promise<AuthHeaders> {
  const auth = runtime.integration.auth ?? {};
  const type = (auth.type ?? "none") as string;
  const creds = runtime.connection.credentials ?? {};
  switch (type) {
    case "none":
      return { headers: {}, secretHeaders: [] };
    case "api-key": {
      const header = typeof auth.header === "string" && auth.header ? auth.header : "x-api-key";
      return {
        headers: { [header]: credential(creds, ["apiKey", "api_key", "key"], "API key") },
        secretHeaders: [header],
      };
    }
    case "bearer": {
      const token = credential(creds, ["token", "accessToken", "access_token"], "token");
      return { headers: { authorization: `Bearer ${token}` }, secretHeaders: [] };
    }
    case "basic": {
      const username = credential(creds, ["username", "user"], "username");
      const password = typeof creds.password === "string" ? creds.password : "";
      const encoded = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
      return { headers: { authorization: `Basic ${encoded}` }, secretHeaders: [] };
    }
    case "oauth2-client-credentials": {
      const { token, key, cached } = await clientCredentialsToken(runtime, auth, options);
      return {
        headers: { authorization: `Bearer ${token}` },
        secretHeaders: [],
        ...(cached ? { cachedTokenKey: key } : {}),
      };
    }
    default:
      throw new Error(`Unsupported auth type "${type}" on integration "${runtime.integration.key}"`);
  }
}
