// Embed helpers that are safe to use from proxy.ts (no database, no Next render APIs):
// the cookie that carries the customer token, the framing policy and the theme query.
import { decodeJwt } from "jose";
import { getEnv } from "../env";

/** httpOnly cookie, scoped to /embed, holding the token the embed URL was opened with. */
export const EMBED_COOKIE = "flowdeck_embed";
export const EMBED_PATH = "/embed";

const MAX_COOKIE_AGE_S = 12 * 60 * 60;

// Strict origin shape for CSP and postMessage: scheme, host (optionally `*.` wildcard), port. The env check
// only rejects paths; this one also keeps anything that could smuggle another CSP directive out.
const ORIGIN_RE = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/** EMBED_ALLOWED_ORIGINS, without anything that is not a plain origin. */
export function embedAllowedOrigins(): string[] {
  return getEnv()
    .EMBED_ALLOWED_ORIGINS.filter((o) => ORIGIN_RE.test(o))
    .map((o) => o.toLowerCase());
}

/** The framing policy of /embed pages: this app and the configured origins. */
export function embedFrameAncestors(origins = embedAllowedOrigins()): string {
  return ["frame-ancestors", "'self'", ...origins].join(" ");
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Cookie attributes for the embed token. Inside a cross-site iframe only `SameSite=None; Secure` cookies are
 * sent; browsers accept `Secure` over HTTPS and on http://localhost / 127.0.0.1 (potentially trustworthy
 * origins). `Partitioned` (CHIPS) keeps the cookie working where third-party cookies are blocked. Plain-HTTP
 * deployments on other hosts cannot set Secure cookies, so they fall back to Lax (same-site embedding only).
 */
export function embedCookieOptions(opts: { https: boolean; hostname: string; token: string }) {
  const secure = opts.https || LOCAL_HOSTS.has(opts.hostname.toLowerCase());
  let maxAge: number | undefined;
  try {
    const exp = decodeJwt(opts.token).exp;
    if (typeof exp === "number") maxAge = Math.max(0, Math.min(MAX_COOKIE_AGE_S, exp - Date.now() / 1000));
  } catch {
    maxAge = undefined;
  }
  return {
    httpOnly: true,
    path: EMBED_PATH,
    ...(maxAge !== undefined ? { maxAge: Math.floor(maxAge) } : {}),
    ...(secure
      ? { secure: true, sameSite: "none" as const, partitioned: true }
      : { secure: false, sameSite: "lax" as const }),
  };
}
