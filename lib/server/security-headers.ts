import { getEnv } from "../env";

type HeaderBag = { get(name: string): string | null };

/** Whether the browser reached us over https (directly per APP_URL, or through a TLS-terminating proxy). */
export function isHttps(headers: HeaderBag): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto) return proto === "https";
  return (getEnv().APP_URL ?? "").startsWith("https:");
}

/**
 * The request's `Origin` when it names another site than the host it was sent to (behind a proxy, the
 * forwarded host); undefined when it is this site's or absent. One rule for server actions and the API.
 */
export function foreignOrigin(headers: HeaderBag): string | undefined {
  const origin = headers.get("origin");
  if (!origin) return undefined;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return new URL(origin).host === host ? undefined : origin;
  } catch {
    return origin;
  }
}

/** Headers on every answer, page or API. */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * The Content-Security-Policy of console and embed pages: scripts, styles, images and connections from this
 * origin only (Next.js's inline bootstrap scripts need 'unsafe-inline'; development adds 'unsafe-eval' for
 * hot reload), no plugins, no <base> or form targets elsewhere; framing per `frameAncestors`.
 */
export function pageCsp(frameAncestors: string): string {
  const dev = getEnv().NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    frameAncestors,
  ].join("; ");
}
