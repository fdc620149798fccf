import { NextResponse, type NextRequest } from "next/server";
import { verifyToken } from "@/lib/auth/tokens";
import {
  EMBED_COOKIE,
  EMBED_PATH,
  embedAllowedOrigins,
  embedCookieOptions,
  embedFrameAncestors,
} from "@/lib/server/embed-token";
import { baseSecurityHeaders, foreignOrigin, isHttps, pageCsp } from "@/lib/server/security-headers";

// Every page's security headers live here (lib/server/security-headers.ts):
// - all pages: nosniff, Referrer-Policy, HSTS under https, a Content-Security-Policy for scripts & co.;
// - /embed/**: CSP `frame-ancestors 'self' <EMBED_ALLOWED_ORIGINS>`, `Referrer-Policy: same-origin`;
// - every other page: `X-Frame-Options: DENY` + `frame-ancestors 'none'`.
// A server action posted from another origin is answered 403 here (Next.js would fail it with a 500).
// /embed also moves `?token=` into an httpOnly cookie scoped to /embed and redirects to the URL without it;
// requests without a valid token or cookie get a 401 page. Pages and server actions check the cookie again.

const isEmbed = (pathname: string) => pathname === EMBED_PATH || pathname.startsWith(`${EMBED_PATH}/`);

function withBase(req: NextRequest, res: NextResponse) {
  for (const [k, v] of Object.entries(baseSecurityHeaders(isHttps(req.headers)))) res.headers.set(k, v);
  return res;
}

function denyFraming(req: NextRequest, res: NextResponse) {
  withBase(req, res);
  res.headers.set("X-Frame-Options", "DENY");
  res.headers.set("Content-Security-Policy", pageCsp("frame-ancestors 'none'"));
  return res;
}

function embedHeaders(req: NextRequest, res: NextResponse) {
  withBase(req, res);
  res.headers.set("Content-Security-Policy", pageCsp(embedFrameAncestors(embedAllowedOrigins())));
  // The embed URL may carry a token: never leak it (or the page's URL) to other origins.
  res.headers.set("Referrer-Policy", "same-origin");
  res.headers.set("Cache-Control", "private, no-store");
  return res;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function notAuthorized(req: NextRequest, reason: string, clearCookie: boolean) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not authorized · Flowdeck</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:48px 16px;color:#0f172a;background:#f8fafc}
main{max-width:460px;margin:auto;padding:24px;border:1px solid #fecaca;border-radius:12px;background:#fff}
h1{font-size:18px;margin:0 0 8px;color:#991b1b}p{margin:0;color:#475569}@media (prefers-color-scheme:dark){body{background:#0b1220;color:#e2e8f0}main{background:#0f172a;border-color:#7f1d1d}p{color:#94a3b8}h1{color:#fca5a5}}</style>
</head><body><main role="alert" data-testid="embed-not-authorized"><h1>Not authorized</h1>
<p>${escapeHtml(reason)}. Ask the application that showed this page to open it again.</p></main></body></html>`;
  const res = new NextResponse(html, {
    status: 401,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
  if (clearCookie) res.cookies.set(EMBED_COOKIE, "", { path: EMBED_PATH, maxAge: 0 });
  return embedHeaders(req, res);
}

async function embed(req: NextRequest) {
  const url = req.nextUrl;
  const token = url.searchParams.get("token");
  if (token !== null) {
    try {
      await verifyToken(token);
    } catch (err) {
      return notAuthorized(req, (err as Error).message || "Invalid token", false);
    }
    // The same URL without the token (redirects must be absolute; nextUrl carries the request's host).
    const clean = url.clone();
    clean.searchParams.delete("token");
    const res = NextResponse.redirect(clean, 303);
    const proto =
      req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(":", "");
    res.cookies.set(
      EMBED_COOKIE,
      token,
      embedCookieOptions({ https: proto === "https", hostname: url.hostname, token }),
    );
    return embedHeaders(req, res);
  }
  const cookie = req.cookies.get(EMBED_COOKIE)?.value;
  if (!cookie) return notAuthorized(req, "This page must be opened with a token", false);
  try {
    await verifyToken(cookie);
  } catch (err) {
    return notAuthorized(req, (err as Error).message || "Invalid token", true);
  }
  return embedHeaders(req, NextResponse.next());
}

/** A server action (POST with a Next-Action header) whose Origin is not this host's. */
function crossOriginAction(req: NextRequest): boolean {
  return req.method === "POST" && req.headers.has("next-action") && foreignOrigin(req.headers) !== undefined;
}

export async function proxy(req: NextRequest) {
  if (crossOriginAction(req)) {
    const res = NextResponse.json(
      {
        type: "access_denied",
        message: "Forbidden: this action may only be sent from this site's own pages",
      },
      { status: 403 },
    );
    return denyFraming(req, res);
  }
  if (isEmbed(req.nextUrl.pathname)) return embed(req);
  return denyFraming(req, NextResponse.next());
}

export const config = {
  // Pages and route handlers; not the JSON APIs (/api, the demo /sandbox: nothing to frame, and they stay off
  // the hot path) nor Next's static assets.
  matcher: ["/((?!api/|sandbox/|_next/static/|_next/image|favicon\\.ico).*)"],
};
