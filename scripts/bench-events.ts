// `npm run bench:events`: the change stream's cost and speed. Starts the production server (scripts/server.ts,
// embedded database in a fresh DATA_DIR, in-process worker), creates the bench flow (bench-flow.ts) for
// --customers customers through the API, then runs the same load twice:
//   1. without clients: --posters loops POST runs for --duration seconds; the run rate counts until the
//      last run finished (the drain);
//   2. with --clients SSE clients on GET /api/events (a tenth are customers' streams, the rest the admin's),
//      the same load, while every client parses its stream.
// Prints one JSON object on stdout: runs/s without and with clients (and the cost in %), events/s delivered
// to the clients, and the delay from a run's end (its endTime, written in the commit that ends it) to a
// client receiving its final state (p50/p95/max over every client and run). Progress goes to stderr.
//
// --mode=pg-two-servers: the same on PostgreSQL across processes: two app servers (WORKER=off) on one fresh
// database flowdeck_bench_events_<time> (on ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
// postgres; dropped after) and one `npm run worker` process. Runs are POSTed to the first app server, executed
// by the worker, and the SSE clients are connected to the second: every sampled run's final state must reach
// them (LISTEN/NOTIFY between the processes).
//
// Exit code 1 when a sampled run's final state reached no client.
// Options: --clients=N (500) --duration=S (10) --posters=N (8) --customers=N (10) --port=N (3410; the second
//   app server uses N+1) --mode=embedded|pg-two-servers (embedded) --cpu-prof=DIR (the app servers run with
//   `node --cpu-prof`, writing their profiles to DIR when they exit)
import { SERVER_ARGS } from "./lib.mjs";
import { BENCH_SECRETS, benchApi, benchToken, setUpBenchInstances } from "./bench-flow";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "500" },
    duration: { type: "string", default: "10" },
    posters: { type: "string", default: "8" },
    customers: { type: "string", default: "10" },
    port: { type: "string", default: "3410" },
    mode: { type: "string", default: "embedded" },
    "cpu-prof": { type: "string" },
  },
});
const num = (k: keyof typeof args) => {
  const n = Number(args[k]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a positive integer`);
  return n;
};
const CLIENTS = num("clients");
const DURATION_MS = num("duration") * 1000;
const POSTERS = num("posters");
const CUSTOMERS = num("customers");
const PORT = num("port");
const MODE = args.mode!;
if (MODE !== "embedded" && MODE !== "pg-two-servers") throw new Error("--mode: embedded or pg-two-servers");
const ADMIN_URL = process.env.ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const log = (...a: unknown[]) => console.error("[bench:events]", ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) =>
  sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : null;

const secrets = BENCH_SECRETS;
const token = benchToken;

const base = `http://127.0.0.1:${PORT}/api`;
/** Where the SSE clients connect: the other app server in pg-two-servers mode. */
const streamBase = MODE === "pg-two-servers" ? `http://127.0.0.1:${PORT + 1}/api` : base;
const api = <T>(method: string, p: string, auth: string, body?: unknown): Promise<T> =>
  benchApi<T>(base, method, p, auth, body);

type Client = { req: http.ClientRequest; events: number; ends: Map<string, number> };
const TERMINAL = new Set(["completed", "failed", "stopped"]);

/** One SSE client: counts change events and notes when each run's final state arrived (Date.now()). */
function openClient(auth: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = { events: 0, ends: new Map<string, number>() } as Client;
    c.req = http.get(
      `${streamBase}/events`,
      { headers: { authorization: `Bearer ${auth}`, accept: "text/event-stream" }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET /api/events: ${res.statusCode}`));
        res.setEncoding("utf8");
        let buf = "";
        let ready = false;
        res.on("data", (chunk: string) => {
          const at = Date.now();
          buf += chunk;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!ready && frame.includes("event: ready")) {
              ready = true;
              resolve(c);
            }
            if (!frame.includes("event: change")) continue;
            c.events++;
            const data = frame.split("\n").find((l) => l.startsWith("data: "));
            if (!data) continue;
            const e = JSON.parse(data.slice(6)) as { type: string; runId?: string; state?: string };
            if (e.type === "run" && e.runId && e.state && TERMINAL.has(e.state) && !c.ends.has(e.runId))
              c.ends.set(e.runId, at);
          }
        });
      },
    );
    c.req.on("error", (err) => (c.req.destroyed ? undefined : reject(err)));
  });
}

async function activeRuns(admin: string) {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${admin}` } })
  ).text();
  const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return n(/flowdeck_flow_runs\{state="queued"\} (\d+)/) + n(/flowdeck_flow_runs\{state="running"\} (\d+)/);
}

/** POSTERS loops start runs for DURATION_MS; then waits for the drain. Runs/s over start → drained. */
async function load(admin: string, instances: { id: string; token: string }[]) {
  const ids: string[] = [];
  const t0 = performance.now();
  const until = t0 + DURATION_MS;
  await Promise.all(
    Array.from({ length: POSTERS }, async (_, p) => {
      for (let i = p; performance.now() < until; i += POSTERS) {
        const inst = instances[i % instances.length];
        const res = await fetch(`${base}/flow-runs`, {
          method: "POST",
          headers: { authorization: `Bearer ${inst.token}`, "content-type": "application/json" },
          body: JSON.stringify({ flowInstanceId: inst.id, input: { x: i + 1 } }),
        });
        if (res.status === 429) await sleep(50);
        else if (!res.ok) throw new Error(`POST /flow-runs: ${res.status} ${await res.text()}`);
        else ids.push(((await res.json()) as { id: string }).id);
      }
    }),
  );
  while ((await activeRuns(admin)) > 0) await sleep(100);
  const seconds = (performance.now() - t0) / 1000;
  return { runs: ids.length, seconds: round(seconds, 2), runsPerSecond: round(ids.length / seconds), ids };
}

async function pg(url: string, query: string) {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

async function waitHealthy(proc: ChildProcess, url: string) {
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error("server exited during start-up");
    if (i > 480) throw new Error("server did not become healthy");
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(250);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-bench-events-"));
  const dbName = `flowdeck_bench_events_${Date.now()}`;
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    DATA_DIR: dataDir,
    SEED_DEMO: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    ...(MODE === "pg-two-servers" ? { DATABASE_URL: dbUrl, WORKER: "off" } : { WORKER: "on" }),
  };
  const procs: ChildProcess[] = [];
  const startServer = async (port: number) => {
    const prof = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`] : [];
    const proc = spawn(process.execPath, [...prof, ...SERVER_ARGS], {
      env: { ...env, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    procs.push(proc);
    await waitHealthy(proc, `http://127.0.0.1:${port}/api`);
  };
  const clients: Client[] = [];
  try {
    if (MODE === "pg-two-servers") {
      await pg(ADMIN_URL, `CREATE DATABASE ${dbName}`);
      // The first server migrates the fresh database; the others start after it.
      await startServer(PORT);
      await startServer(PORT + 1);
      const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        env: { ...env, WORKER_SCHEDULES: "off" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      procs.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.stdout!.on("data", (d: Buffer) =>
          d.toString().includes("started (") ? resolve() : undefined,
        );
        worker.once("exit", (code) => reject(new Error(`worker process exited with ${code}`)));
      });
      worker.stdout!.resume();
    } else await startServer(PORT);
    const admin = await token({ isAdmin: true });
    const instances = await setUpBenchInstances(base, admin, CUSTOMERS);
    log("warm-up");
    await load(admin, instances.slice(0, 1)).catch(() => undefined);

    log(`load without clients (${POSTERS} posters, ${DURATION_MS / 1000} s)`);
    const without = await load(admin, instances);

    log(`opening ${CLIENTS} SSE clients`);
    const customerClients = Math.floor(CLIENTS / 10);
    for (let i = 0; i < CLIENTS; i++)
      clients.push(await openClient(i < customerClients ? instances[i % instances.length].token : admin));
    log(`load with ${CLIENTS} clients`);
    const before = clients.reduce((n, c) => n + c.events, 0);
    const t0 = performance.now();
    const withClients = await load(admin, instances);
    // The last events are on their way for a moment after the drain.
    await sleep(500);
    const delivered = clients.reduce((n, c) => n + c.events, 0) - before;
    const seconds = (performance.now() - t0) / 1000;

    // Delay from a run's end to each client that saw it (a customer's client sees its own runs).
    const sample = withClients.ids.filter(
      (_, i) => i % Math.max(1, Math.floor(withClients.ids.length / 200)) === 0,
    );
    const delays: number[] = [];
    let missing = 0;
    for (const id of sample) {
      const run = await api<{ endTime?: string; userId?: string }>("GET", `/flow-runs/${id}`, admin);
      if (!run.endTime) continue;
      const end = new Date(run.endTime).getTime();
      for (const c of clients) {
        const at = c.ends.get(id);
        if (at !== undefined) delays.push(at - end);
      }
      if (!clients.some((c) => c.ends.has(id))) missing++;
    }
    delays.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        mode: MODE,
        clients: CLIENTS,
        customerClients,
        posters: POSTERS,
        durationSeconds: DURATION_MS / 1000,
        cpus: os.cpus().length,
        loadavg: os.loadavg().map((n) => round(n, 2)),
        withoutClients: { runs: without.runs, runsPerSecond: without.runsPerSecond },
        withClients: { runs: withClients.runs, runsPerSecond: withClients.runsPerSecond },
        engineCostPercent: round((1 - withClients.runsPerSecond / without.runsPerSecond) * 100),
        eventsDelivered: delivered,
        eventsPerSecond: round(delivered / seconds),
        endToClientMs: {
          samples: delays.length,
          p50: pct(delays, 50),
          p95: pct(delays, 95),
          max: delays.length ? delays[delays.length - 1] : null,
        },
        sampledRunsNoClientSaw: missing,
      }),
    );
    if (missing > 0) process.exitCode = 1;
  } finally {
    for (const c of clients) c.req.destroy();
    await Promise.all(
      procs.map((proc) => {
        if (proc.exitCode !== null) return;
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        return exited;
      }),
    );
    if (MODE === "pg-two-servers")
      await pg(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
