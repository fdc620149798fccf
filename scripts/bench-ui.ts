// `npm run bench:ui`: UI benchmark for the flow-instance console pages (issue 5). Needs a production build
// (`next build`) and Chromium at /usr/bin/chromium (override with CHROMIUM_PATH). Prints one JSON object:
//  - firstLoadJs: gzip size (zlib level 9) of every JS file under /_next/static/ that headless Chromium downloads
//    when loading the route with a cold cache, until network idle ("network" method; on the instance page this
//    includes the node panel's chunk, which the page prefetches when idle). The manifest-derived
//    static entry set (build-manifest rootMainFiles + the page's entryJSFiles, without next/dynamic chunks) is
//    reported alongside as `manifestKb` for reference.
//  - graph200: time from page.goto("/flow-instances/<id>") until a 200-node graph is rendered and a node click
//    opens its side panel (3 runs, each in a fresh browser context = cold HTTP cache).
//  - panelInteractive (issue 16): on the 200-node graph, once the page is loaded (network idle, so the node
//    panel's chunk has been prefetched as it is while a user looks at the graph), a real Chromium click on a
//    node until the first field of its config form is enabled, takes the focus, and the main thread is free
//    to handle the next input (the first task after the frame that shows it). Measured in the page from the
//    click event's timeStamp; per node: the trigger (input schema fields) and a transform-data step (mapping
//    editor). After it, the field is typed into through Playwright to check it really accepts input.
import { SERVER_ARGS } from "./lib.mjs";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { SignJWT } from "jose";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const PORT = Number(args.get("port") ?? 3391);
const RUNS = Number(args.get("runs") ?? 3);
const NODE_COUNT = 200;
const BASE = `http://127.0.0.1:${PORT}`;
const secrets = {
  WORKSPACE_KEY: "bench",
  WORKSPACE_SECRET: "bench-secret-0123456789abcdef",
  ADMIN_PASSWORD: "bench-password",
};
const NEXT_DIR = path.resolve(".next");

const gzKb = (buf: Buffer) => gzipSync(buf, { level: 9 }).length / 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function startServer(dataDir: string): ChildProcess {
  return spawn(process.execPath, SERVER_ARGS, {
    env: {
      ...process.env,
      ...secrets,
      DATA_DIR: dataDir,
      APP_URL: BASE,
      PORT: String(PORT),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // own process group, so we can stop next and anything it forks
  });
}

function stopServer(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

async function waitHealthy(child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

async function api(token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${BASE}/api${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** An api-trigger and NODE_COUNT - 1 transform-data nodes in a branching tree (1–2 children per node). */
function benchNodes() {
  const keys = ["trigger", ...Array.from({ length: NODE_COUNT - 1 }, (_, i) => `step${i + 1}`)];
  // A binary-heap-shaped tree: node i's parent is floor((i - 1) / 2), so inner nodes have 1 or 2 children.
  const children = new Map<number, number[]>();
  for (let i = 1; i < keys.length; i++) {
    const parent = Math.floor((i - 1) / 2);
    children.set(parent, [...(children.get(parent) ?? []), i]);
  }
  const nodes: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    const links = (children.get(i) ?? []).map((c) => ({ key: keys[c] }));
    nodes[key] =
      i === 0
        ? { type: "api-trigger", name: "Trigger", links }
        : {
            type: "transform-data",
            name: `Step ${i}`,
            config: { output: { step: i, x: { $var: "$.input.trigger.x" } } },
            links,
          };
  });
  return nodes;
}

async function createInstance(token: string): Promise<string> {
  const flow = await api(token, "POST", "/flows", {
    key: "bench-200",
    name: "Bench 200",
    integrationKey: "sandbox-crm",
    nodes: benchNodes(),
  });
  const conns = await api(token, "GET", "/connections?limit=100");
  const items: { id: string; integrationId?: string }[] = conns.items ?? conns;
  const conn = items.find((c) => c.integrationId === flow.integrationId) ?? items[0];
  if (!conn) throw new Error("no connection found (is SEED_DEMO off?)");
  const instance = await api(token, "GET", `/connections/${conn.id}/flows/bench-200?autoCreate=true`);
  const n = Object.keys(instance.nodes ?? {}).length;
  if (n !== NODE_COUNT) throw new Error(`instance has ${n} nodes, expected ${NODE_COUNT}`);
  return instance.id;
}

async function signIn(browser: Browser) {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Password").fill(secrets.ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/flow-instances");
  const state = await context.storageState();
  await context.close();
  return state;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Manifest view: the route's static entry chunks (no next/dynamic chunks, no nomodule polyfills). */
function manifestFiles(routeDir: string): string[] {
  const dir = path.join(NEXT_DIR, "server/app", routeDir);
  const build = JSON.parse(fs.readFileSync(path.join(dir, "page/build-manifest.json"), "utf8"));
  const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
  g.__RSC_MANIFEST = {};
  new Function("globalThis", fs.readFileSync(path.join(dir, "page_client-reference-manifest.js"), "utf8"))(g);
  const rsc = Object.values(g.__RSC_MANIFEST)[0];
  // entryJSFiles holds every segment of this route (layouts, error/not-found boundaries, the page).
  const files = new Set<string>(build.rootMainFiles);
  for (const list of Object.values(rsc.entryJSFiles))
    for (const f of list) if (f.endsWith(".js")) files.add(f);
  return [...files];
}

async function firstLoadJs(
  browser: Browser,
  state: StorageState,
  route: string,
  url: string,
  routeDir: string,
) {
  const context = await browser.newContext({ baseURL: BASE, storageState: state });
  const page = await context.newPage();
  const bodies = new Map<string, Promise<Buffer | undefined>>();
  page.on("response", (res) => {
    const u = new URL(res.url());
    if (u.pathname.startsWith("/_next/static/") && u.pathname.endsWith(".js") && !bodies.has(u.pathname))
      bodies.set(
        u.pathname,
        res.body().catch(() => undefined),
      );
  });
  const res = await page.goto(url, { waitUntil: "networkidle" });
  if (!res?.ok()) throw new Error(`GET ${url} -> ${res?.status()}`);
  let kb = 0;
  for (const [, p] of bodies) {
    const b = await p;
    if (b) kb += gzKb(b);
  }
  await context.close();
  const mFiles = manifestFiles(routeDir);
  const manifestKb = mFiles.reduce((s, f) => s + gzKb(fs.readFileSync(path.join(NEXT_DIR, f))), 0);
  const networkSet = new Set([...bodies.keys()].map((p) => p.replace(/^\/_next\//, "")));
  return {
    route,
    method: "network",
    jsFiles: bodies.size,
    jsGzipKb: round1(kb),
    manifestJsFiles: mFiles.length,
    manifestKb: round1(manifestKb),
    // chunks fetched on first load that are not static entries (dynamic imports, e.g. the prefetched node panel)
    beyondManifest: [...networkSet].filter((f) => !mFiles.includes(f)).map((f) => path.basename(f)),
  };
}

type Run = {
  totalMs: number;
  htmlMs: number;
  jsDoneMs: number;
  nodesMs: number;
  panelMs: number;
  panelInPageMs: number;
};

async function graphRun(browser: Browser, state: StorageState, id: string): Promise<Run> {
  const context = await browser.newContext({ baseURL: BASE, storageState: state });
  const page = await context.newPage();
  try {
    let jsDone = 0;
    page.on("requestfinished", (req) => {
      if (new URL(req.url()).pathname.startsWith("/_next/static/") && req.url().endsWith(".js"))
        jsDone = performance.now();
    });
    const t0 = performance.now();
    await page.goto(`/flow-instances/${id}`, { waitUntil: "commit" });
    const htmlMs = performance.now() - t0;
    await page
      .locator(".react-flow__node")
      .nth(NODE_COUNT - 1)
      .waitFor({ state: "attached", timeout: 60_000 });
    const nodesMs = performance.now() - t0;
    // last JS chunk finished downloading by then (the page's chunks; the node panel's too if its idle prefetch is done)
    const jsDoneMs = jsDone - t0;
    const count = await page.locator(".react-flow__node").count();
    if (count !== NODE_COUNT) throw new Error(`rendered ${count} nodes, expected ${NODE_COUNT}`);
    // Diagnostics only: in-page time from the click event to the panel element appearing (the rest of panelMs is
    // Playwright's actionability checks and round trips, and waiting for the page to paint).
    await page.evaluate(() => {
      const w = window as unknown as { __benchClick?: number; __benchPanel?: number };
      document.addEventListener("click", () => (w.__benchClick ??= performance.now()), { capture: true });
      new MutationObserver((_, o) => {
        if (!document.querySelector('[data-testid="node-panel"]')) return;
        w.__benchPanel = performance.now();
        o.disconnect();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('.react-flow__node [data-node-key="trigger"] button').click({ timeout: 60_000 });
    await page.getByTestId("node-panel").waitFor({ state: "visible", timeout: 60_000 });
    const totalMs = performance.now() - t0;
    const [clickAt, panelAt] = await page.evaluate(() => {
      const w = window as unknown as { __benchClick?: number; __benchPanel?: number };
      return [w.__benchClick ?? NaN, w.__benchPanel ?? NaN];
    });
    return {
      totalMs: Math.round(totalMs),
      htmlMs: Math.round(htmlMs),
      jsDoneMs: Math.round(jsDoneMs),
      nodesMs: Math.round(nodesMs),
      panelMs: Math.round(totalMs - nodesMs),
      panelInPageMs: Math.round(panelAt - clickAt),
    };
  } finally {
    await context.close();
  }
}

/** In-page click → first form field interactive, for one node (the panel closed before and after). */
async function panelOpen(page: Page, nodeKey: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchDone?: Promise<number> };
    w.__benchDone = new Promise<number>((resolve, reject) => {
      // A field that never becomes focusable must fail the bench, not hang it.
      setTimeout(
        () => reject(new Error("no focusable field in the node panel 10 s after the click")),
        10_000,
      );
      document.addEventListener(
        "click",
        (ev) => {
          const clickAt = ev.timeStamp;
          const field = () =>
            document.querySelector<HTMLElement>(
              '[data-testid="node-panel"] form :is(input, select, textarea, button):not([disabled])',
            );
          const check = () => {
            const el = field();
            if (!el) return false;
            el.focus();
            if (document.activeElement !== el) return false;
            // The frame showing the field, then the first task after it: input would be handled now.
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve(performance.now() - clickAt);
              ch.port2.postMessage(0);
            });
            return true;
          };
          // Checked every frame: a field can become focusable without a DOM change (a transition ending).
          const poll = () => void (check() || requestAnimationFrame(poll));
          poll();
        },
        { capture: true, once: true },
      );
    });
  });
  await page.locator(`.react-flow__node [data-node-key="${nodeKey}"] button`).click({ timeout: 60_000 });
  const ms = await page.evaluate(() => (window as unknown as { __benchDone: Promise<number> }).__benchDone);
  // It really accepts input: typing reaches the focused field.
  const focused = page.locator('[data-testid="node-panel"] form :focus');
  if (
    (await focused.evaluate((el) => el.tagName)) === "INPUT" &&
    (await focused.getAttribute("type")) !== "checkbox"
  ) {
    await page.keyboard.type("x");
    if (!(await focused.inputValue()).endsWith("x"))
      throw new Error(`the ${nodeKey} panel's first field did not take input`);
    await page.keyboard.press("Backspace"); // back to the stored config: no draft left behind
  }
  await page.getByRole("button", { name: "Close node panel" }).click();
  await page.getByTestId("node-panel").waitFor({ state: "detached" });
  return Math.round(ms);
}

async function panelRuns(browser: Browser, state: StorageState, id: string) {
  const context = await browser.newContext({ baseURL: BASE, storageState: state });
  // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate that name inner
  // functions call its __name helper, which the page does not have (the in-page click handler threw, and the
  // measurement waited forever).
  await context.addInitScript("globalThis.__name = (f) => f;");
  const page = await context.newPage();
  try {
    await page.goto(`/flow-instances/${id}`, { waitUntil: "networkidle" });
    await page
      .locator(".react-flow__node")
      .nth(NODE_COUNT - 1)
      .waitFor({ state: "attached", timeout: 60_000 });
    const out: Record<string, number[]> = { trigger: [], step1: [] };
    for (let i = 0; i < RUNS; i++)
      for (const key of Object.keys(out)) out[key].push(await panelOpen(page, key));
    return out;
  } finally {
    await context.close();
  }
}

async function main() {
  const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
  if (!fs.existsSync(path.join(NEXT_DIR, "BUILD_ID")))
    throw new Error("no production build in .next/ (run next build)");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-bench-ui-"));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = () => {
    stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  try {
    server = startServer(dataDir);
    await waitHealthy(server);
    const key = new TextEncoder().encode(secrets.WORKSPACE_SECRET);
    const token = await new SignJWT({ isAdmin: true })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(secrets.WORKSPACE_KEY)
      .setExpirationTime("1h")
      .sign(key);
    const id = await createInstance(token);

    browser = await chromium.launch(chromiumLaunchOptions);
    const state = await signIn(browser);
    // Warm the server (first render of each route compiles nothing in prod, but loads modules lazily).
    for (const u of ["/flow-instances", `/flow-instances/${id}`]) await fetch(`${BASE}${u}`).catch(() => {});

    console.error("bench:ui: server up, instance created; first-load JS");
    const firstLoad = [
      await firstLoadJs(browser, state, "/flow-instances", "/flow-instances", "(console)/flow-instances"),
      await firstLoadJs(
        browser,
        state,
        "/flow-instances/[id]",
        `/flow-instances/${id}`,
        "(console)/flow-instances/[id]",
      ),
    ];
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await graphRun(browser, state, id));
    const runsMs = runs.map((r) => r.totalMs);
    console.error("bench:ui: graph runs done, timing node panels");
    const panels = await panelRuns(browser, state, id);

    console.log(
      JSON.stringify(
        {
          firstLoadJs: firstLoad,
          graph200: {
            medianMs: median(runsMs),
            runsMs,
            // per run, ms from goto: response committed / last JS chunk downloaded / all 200 nodes in the DOM;
            // panelMs: from then until the side panel is visible (Playwright click incl. its actionability checks);
            // panelInPageMs: in the page, click event -> panel element in the DOM
            phases: runs.map(({ htmlMs, jsDoneMs, nodesMs, panelMs, panelInPageMs }) => ({
              htmlMs,
              jsDoneMs,
              nodesMs,
              panelMs,
              panelInPageMs,
            })),
            nodes: NODE_COUNT,
            cache: "cold (fresh browser context per run)",
          },
          panelInteractive: {
            method: "click event → first config field enabled and focused → first task after its frame",
            medianMs: Object.fromEntries(Object.entries(panels).map(([k, xs]) => [k, median(xs)])),
            runsMs: panels,
          },
          targets: { flowInstancesKb: 200, instanceKb: 350, graphMs: 1500, panelInteractiveMs: 300 },
          machineLoad: Math.round(os.loadavg()[0] * 100) / 100,
          machineLoadAtStart: loadAtStart,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser?.close().catch(() => {});
    cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
