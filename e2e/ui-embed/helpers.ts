import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { api, customerToken, env, sdk } from "../fixtures";

/** The host page's origin the app allows to frame /embed (playwright.config.ts sets EMBED_ALLOWED_ORIGINS). */
export const allowedOrigin = (process.env.E2E_EMBED_ALLOWED_ORIGINS ?? "http://localhost:3124").split(
  /[\s,]+/,
)[0];

export type HostServer = { origin: string; url: (iframeSrc: string) => string; close: () => Promise<void> };

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * A tiny "SaaS product" on another origin: one page with the embed in an iframe, recording every message the
 * frame posts to it in `window.__messages`.
 */
export async function startHost(origin?: string): Promise<HostServer> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://host");
    const src = u.searchParams.get("src") ?? "about:blank";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host app</title></head>
<body style="margin:0;font-family:system-ui,sans-serif;background:#eef2f7">
<header style="padding:10px 16px;background:#1f2937;color:#fff;font-weight:600">Host SaaS app · Integrations</header>
<script>window.__messages=[];addEventListener("message",function(e){window.__messages.push({origin:e.origin,data:e.data})});</script>
<iframe id="embed" title="Flowdeck" src="${escapeAttr(src)}" style="display:block;width:100%;height:900px;border:0;background:#fff"></iframe>
</body></html>`);
  });
  const wanted = origin ? new URL(origin) : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted ? Number(wanted.port) : 0, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const base = wanted ? wanted.origin : `http://${new URL(allowedOrigin).hostname}:${port}`;
  return {
    origin: base,
    url: (src) => `${base}/?src=${encodeURIComponent(src)}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const embedUrl = (path: string, query: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  return `${env.appUrl}/embed/${path}?${q}`;
};

/** A fresh customer with a connection and a "Sync new contacts" instance that has one completed run. */
export async function customerWithInstance(label: string) {
  const internalId = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const token = await customerToken(internalId, `Embed ${label}`);
  const conn = await api(token, "POST", "/connections", {
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  });
  expect(conn.status).toBeLessThan(300);
  const instance = await sdk(token)
    .connection(conn.body.id as string)
    .flow("sync-new-contacts")
    .get({ autoCreate: true } as never);
  const run = await sdk(token)
    .flowInstance(instance.id)
    .run({ input: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" } });
  await expect
    .poll(async () => (await api(token, "GET", `/flow-runs/${run.id}`)).body.state, { timeout: 20_000 })
    .toBe("completed");
  return { token, internalId, instanceId: instance.id, runId: run.id, connectionId: conn.body.id as string };
}

/** A token the app must refuse: signed with another secret, expired, or for another workspace. */
export async function badToken(kind: "forged" | "expired" | "other-workspace", id = "acme") {
  const jwt = new SignJWT({ id }).setProtectedHeader({ alg: "HS256" }).setIssuedAt();
  if (kind === "expired") {
    const now = Math.floor(Date.now() / 1000);
    return jwt
      .setIssuer(env.workspaceKey)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(new TextEncoder().encode(env.workspaceSecret));
  }
  if (kind === "other-workspace")
    return jwt
      .setIssuer("another-workspace")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(env.workspaceSecret));
  return jwt
    .setIssuer(env.workspaceKey)
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode("not-the-workspace-secret-0123456789"));
}

export async function hostMessages(page: Page) {
  return page.evaluate(
    () => (window as unknown as { __messages: { origin: string; data: { type?: string } }[] }).__messages,
  );
}

/** The embed iframe's Frame (for its URL) once it has navigated to an /embed page. */
export function embedFrame(page: Page) {
  return page.frames().find((f) => f !== page.mainFrame());
}
