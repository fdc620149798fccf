import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { createScratchDatabase, spawnTsx, type Spawned } from "../../tests/engine/pg";
import { startHeldPeer, type HeldPeer } from "../held-peer";

// Two app servers (A and B, WORKER=off) and one worker process on one fresh PostgreSQL database. A browser
// signed in to A watches an instance's Runs tab and a run page while the run is started through B and
// executed by the worker: everything it sees of that run crossed NOTIFY/LISTEN between processes.

const secrets = {
  WORKSPACE_KEY: "pg-e2e",
  WORKSPACE_SECRET: "pg-e2e-secret-0123456789abcdef0123",
  ADMIN_PASSWORD: "pg-e2e-admin-password",
};

const jwt = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(secrets.WORKSPACE_KEY)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secrets.WORKSPACE_SECRET));

async function call<T = Record<string, unknown>>(
  base: string,
  token: string,
  method: string,
  p: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}/api${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} on ${base}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A free TCP port on 127.0.0.1 (the OS picks it), unless E2E_PORT fixes A's and B's (E2E_PORT + 1). */
async function freePort(offset: number): Promise<number> {
  if (process.env.E2E_PORT) return Number(process.env.E2E_PORT) + offset;
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
let dataDir: string | undefined;
let peer: HeldPeer | undefined;
const procs: Spawned[] = [];
let serverA = "";
let serverB = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  scratch = await createScratchDatabase("flowdeck_e2e_two_servers");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-pg-e2e-"));
  peer = await startHeldPeer();
  const [portA, portB] = [await freePort(0), await freePort(1)];
  serverA = `http://127.0.0.1:${portA}`;
  serverB = `http://127.0.0.1:${portB}`;
  const env = {
    ...secrets,
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    SEED_DEMO: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
  };
  // A migrates the fresh database; B and the worker start after it.
  procs.push(
    await spawnTsx(
      "scripts/server.ts",
      { ...env, PORT: String(portA), WORKER: "off", APP_URL: serverA },
      "ready on",
      "A",
    ),
  );
  procs.push(
    await spawnTsx(
      "scripts/server.ts",
      { ...env, PORT: String(portB), WORKER: "off", APP_URL: serverB },
      "ready on",
      "B",
    ),
  );
  procs.push(
    await spawnTsx(
      "scripts/worker.ts",
      { ...env, WORKER_SCHEDULES: "off", WORKER_POLL_MS: "200" },
      "started (",
      "worker",
    ),
  );
});

test.afterAll(async () => {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
      await p.exited;
    }),
  );
  await peer?.close();
  await scratch?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus)
    await info.attach("server logs", { body: procs.flatMap((p) => p.out).join("\n") });
});

/** The instance's flow: trigger → fetch (HTTP to the held peer) → finish, for a new customer. */
async function instanceOnB(peerUrl: string) {
  const admin = await jwt({ isAdmin: true });
  await call(serverB, admin, "POST", "/integrations", { key: "two-servers-app", name: "Two servers app" });
  await call(serverB, admin, "POST", "/flows", {
    key: "two-servers-flow",
    name: "Two servers flow",
    integrationKey: "two-servers-app",
    nodes: {
      trigger: { type: "api-trigger", links: [{ key: "fetch" }] },
      fetch: {
        type: "custom-http-request",
        name: "Fetch",
        config: { url: peerUrl, method: "GET", timeout: 60_000 },
        links: [{ key: "finish" }],
      },
      finish: { type: "transform-data", name: "Finish", config: { output: { done: true } } },
    },
  });
  const customer = await jwt({ id: "two-servers-customer", name: "Two Servers Inc" });
  await call(serverB, customer, "POST", "/connections", { integrationKey: "two-servers-app", name: "Conn" });
  const inst = await call<{ id: string }>(
    serverB,
    customer,
    "GET",
    "/connections/two-servers-app/flows/two-servers-flow?autoCreate=true",
  );
  return { customer, instanceId: inst.id };
}

async function signIn(page: Page) {
  await page.goto(`${serverA}/login`);
  await page.getByLabel("Password").fill(secrets.ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/flow-instances");
}

const card = (page: Page, key: string) => page.locator(`.react-flow__node [data-node-key="${key}"]`);

test("a browser on app server A follows a run started on B and executed by a worker process", async ({
  page,
  context,
}) => {
  const { customer, instanceId } = await instanceOnB(peer!.url());
  await signIn(page);

  await page.goto(`${serverA}/flow-instances/${instanceId}?tab=runs`);
  const rows = page.getByRole("table", { name: "Runs of this instance" }).locator("tbody tr");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  await expect(rows).toHaveCount(0);
  let loads = 0;
  page.on("load", () => loads++);

  // Started through B; neither app server executes runs (WORKER=off), the worker process does.
  const run = await call<{ id: string }>(serverB, customer, "POST", "/flow-runs", {
    flowInstanceId: instanceId,
    input: {},
  });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(run.id);
  await expect.poll(() => peer!.requests()).toBe(1);

  // A run page on A, opened mid-run: the first node is done, the middle one waits on the peer.
  const runPage = await context.newPage();
  await runPage.goto(`${serverA}/flow-runs/${run.id}`);
  await expect(runPage.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  await expect(card(runPage, "trigger")).toHaveAttribute("data-state", "completed");
  await expect(card(runPage, "fetch")).toHaveAttribute("data-state", "running");
  await expect(runPage.getByTestId("run-state")).toHaveText("running");
  let runPageLoads = 0;
  runPage.on("load", () => runPageLoads++);

  peer!.release();
  await expect(runPage.getByTestId("run-state")).toHaveText("completed", { timeout: 30_000 });
  await expect(card(runPage, "fetch")).toHaveAttribute("data-state", "completed");
  await expect(card(runPage, "finish")).toHaveAttribute("data-state", "completed");
  await expect(rows.first().getByText("completed")).toBeVisible();
  expect(loads).toBe(0);
  expect(runPageLoads).toBe(0);
});
