// `npm run bench:engine [-- --runs 2000 --workers 1 --concurrency 16 --idle 50 --producers 8 --app-worker on|off]`
//
// Benchmarks the engine on a 3-node flow (api-trigger → transform-data → filter), in three phases:
//   1. idle latency (`idleLatencyMs`): `--idle` sequential runs, each timed from the createFlowRun call to
//      the in-process worker's "run-finished" event;
//   2. drain (`drainRunsPerSecond`): `--runs` runs queued with no worker running, then every worker is
//      started; runs / (last end_time − first start_time) (the engine alone, without the API's inserts);
//   3. end to end (`runsPerSecond`, `latencyMs`): `--runs` more runs created through createFlowRun as fast
//      as possible (`--producers` in parallel, in this process) while the workers run; latency per run is
//      the row's created_at → end_time (database clock, so it covers runs finished by any process).
//   4. with `--workers` > 1 only, remote idle latency (`remoteIdleLatencyMs`): the in-process worker is
//      stopped and `--idle` sequential runs are picked up by the worker processes alone; latency is the
//      row's created_at → end_time: graphile-worker's LISTEN/NOTIFY pick-up across processes.
// Runs are spread round-robin over `--instances` flow instances (default 100: one per customer), since
// all runs on one instance serialise on that instance's row (its last-run columns) when they finish.
// On PostgreSQL every worker (in-process and `scripts/worker.ts` processes) runs a graphile-worker runner;
// `--poll-ms` is its fallback poll interval (default 2000, the production default), `--local-queue` the
// jobs fetched per query (default 2 × concurrency).
// Prints ONE JSON object on stdout (progress goes to stderr).
//
// Database: a fresh PGlite in a temporary DATA_DIR by default; with DATABASE_URL set, a fresh database
// `flowdeck_bench_<time>` on that server (dropped afterwards unless --keep). `--workers 2` (PostgreSQL
// only) adds worker processes running scripts/worker.ts next to the in-process worker.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { WORKER_ARGS } from "./lib.mjs";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "2000" },
    workers: { type: "string", default: "1" },
    concurrency: { type: "string" },
    idle: { type: "string", default: "50" },
    producers: { type: "string", default: "8" },
    instances: { type: "string", default: "100" },
    "poll-ms": { type: "string", default: "2000" },
    "local-queue": { type: "string" },
    // Diagnostics: write a V8 CPU profile of each worker process into this folder (node --cpu-prof).
    "worker-cpu-prof": { type: "string" },
    keep: { type: "boolean", default: false },
    // Diagnostics: an in-memory PGlite instead of the on-disk one (isolates file-system cost).
    memory: { type: "boolean", default: false },
    // off: the bench process's own (in-process) worker does not run in the drain and end-to-end phases,
    // so only the `--workers` − 1 worker processes execute runs (e.g. --workers 3 --app-worker off = 2 processes).
    "app-worker": { type: "string", default: "on" },
  },
});
const RUNS = Number(args.runs);
const WORKERS = Number(args.workers);
const IDLE = Number(args.idle);
const PRODUCERS = Number(args.producers);
const INSTANCES = Number(args.instances);
const POLL_MS = Number(args["poll-ms"]);
const APP_WORKER = args["app-worker"] !== "off";
if (!["on", "off"].includes(args["app-worker"]!)) throw new Error("--app-worker must be on or off");
for (const [k, v] of Object.entries({
  runs: RUNS,
  workers: WORKERS,
  idle: IDLE,
  producers: PRODUCERS,
  instances: INSTANCES,
  "poll-ms": POLL_MS,
}))
  if (!Number.isInteger(v) || v < (k === "idle" ? 0 : 1))
    throw new Error(`--${k} must be a positive integer`);

const log = (...a: unknown[]) => console.error("[bench]", ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10
    : null;

function peakRssMb(pid: number | "self"): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    /* not Linux, or the process is gone */
  }
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function main() {
  // Everything below reads configuration through lib/env.ts, so the environment is prepared first.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-bench-"));
  process.env.DATA_DIR = tmp;
  process.env.SEED_DEMO = "off";
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    if (process.env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL))
      throw new Error("DATABASE_URL must start with postgres://");
    const pg = (await import("pg")).default;
    const base = new URL(process.env.DATABASE_URL);
    const adminUrl = new URL(base);
    adminUrl.pathname = "/postgres";
    const name = `flowdeck_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    base.pathname = `/${name}`;
    process.env.DATABASE_URL = base.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
    log(`PostgreSQL database ${name}`);
  } else if (WORKERS > 1) {
    throw new Error("--workers > 1 needs DATABASE_URL: PGlite is single-process");
  }

  const { getEnv } = await import("@/lib/env");
  const { getDbHandle, openTestDb, rows, sql } = await import("@/lib/db/client");
  const { Worker } = await import("@/lib/engine/worker");
  const { bus } = await import("@/lib/engine/bus");
  const { batchStats } = await import("@/lib/engine/batcher");
  const { createFlowRun } = await import("@/lib/services/flow-runs/create-flow-run");
  const { getFlowInstance } = await import("@/lib/services/flow-instances/get-flow-instance");
  const { createIntegration } = await import("@/lib/services/integrations/create-integration");
  const { createFlow } = await import("@/lib/services/flows/create-flow");
  const { upsertCustomer } = await import("@/lib/services/customers/upsert-customer");
  const { createConnection } = await import("@/lib/services/connections/create-connection");

  const env = getEnv();
  const concurrency = Number(args.concurrency ?? env.WORKER_CONCURRENCY);
  const { db, kind, close } =
    args.memory && !process.env.DATABASE_URL ? await openTestDb() : await getDbHandle();
  const ctx = { principal: { kind: "admin" as const, via: "token" as const }, db };

  // Seed: one integration and flow; one customer + connection + flow instance per `--instances`.
  const integration = await createIntegration({
    ctx,
    input: { key: "bench", name: "Bench", baseUri: "", auth: { type: "api-key" }, dataCollections: {} },
  });
  const flow = await createFlow({
    ctx,
    input: {
      key: "bench-flow",
      name: "Bench flow",
      integrationId: integration.id,
      nodes: {
        trigger: {
          type: "api-trigger",
          config: {
            inputSchema: { type: "object", properties: { i: { type: "number" }, name: { type: "string" } } },
          },
          links: [{ key: "shape" }],
        },
        shape: {
          type: "transform-data",
          config: {
            output: {
              i: { $var: "$.input.trigger.i" },
              greeting: { $tpl: { template: "Hi {{n}}", values: { n: { $var: "$.input.trigger.name" } } } },
            },
          },
          links: [{ key: "check" }],
        },
        check: { type: "filter", config: { filter: { $eval: { $var: "$.input.shape.i" }, gte: 0 } } },
      },
    },
  });
  const instanceIds: string[] = [];
  for (let n = 0; n < INSTANCES; n++) {
    const customer = await upsertCustomer(db, {
      internalId: `bench-customer-${n}`,
      name: `Bench customer ${n}`,
    });
    const connection = await createConnection({
      ctx,
      input: { integrationId: integration.id, userId: customer.id, credentials: { apiKey: "k" } },
    });
    const instance = await getFlowInstance({
      ctx,
      input: { selector: { flowId: flow.id, connectionId: connection.id }, autoCreate: true },
    });
    if (instance.state !== "READY")
      throw new Error(`bench flow instance is ${instance.state}: ${JSON.stringify(instance.errors)}`);
    instanceIds.push(instance.id);
  }
  log(`seeded ${INSTANCES} flow instance(s)`);

  const makeWorker = () =>
    new Worker({
      db,
      concurrency,
      maxAttempts: env.RUN_MAX_ATTEMPTS,
      retentionDays: 0,
      pollMs: kind === "postgres" ? POLL_MS : 100,
      ...(args["local-queue"] ? { localQueueSize: Number(args["local-queue"]) } : {}),
      env: {
        appUrl: "http://127.0.0.1:1",
        workspaceKey: env.WORKSPACE_KEY,
        workspaceSecret: env.WORKSPACE_SECRET,
        sandboxTimeoutMs: 1000,
        sandboxMemoryMb: 64,
        outboundAllowHosts: [],
      },
    }).start();
  let worker = makeWorker();
  await worker.ready();

  const finished = new Map<string, (state: string) => void>();
  const early = new Map<string, string>();
  bus.on("run-finished", (id: string, state: string) => {
    const f = finished.get(id);
    if (f) f(state);
    else early.set(id, state);
  });
  const waitRun = (id: string) =>
    new Promise<string>((resolve) => {
      if (early.has(id)) return resolve(early.get(id)!);
      finished.set(id, resolve);
    });
  const create = (i: number) =>
    createFlowRun({
      ctx,
      input: { flowInstanceId: instanceIds[Math.abs(i) % instanceIds.length], input: { i, name: "Ada" } },
    });
  const produce = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < n) await create(next++);
      }),
    );
  };
  const waitDrained = async () => {
    for (;;) {
      const [r] = await rows<{ n: string | number }>(
        db,
        sql`SELECT count(*) AS n FROM flow_runs WHERE state IN ('queued', 'running')`,
      );
      if (Number(r.n) === 0) return;
      // Every 25 ms (≤ 1 % of a phase of seconds): the count itself is load on the database under test.
      await sleep(25);
    }
  };
  const children: ChildProcess[] = [];
  const spawnWorkers = async () => {
    if (WORKERS > 1 && !fs.existsSync(WORKER_ARGS[0]))
      throw new Error("no worker bundle: run `npm run build` first (scripts/build-server.mjs)");
    for (let w = 1; w < WORKERS; w++) {
      const prof = args["worker-cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${args["worker-cpu-prof"]}`] : [];
      const child = spawn(process.execPath, [...prof, ...WORKER_ARGS], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          WORKSPACE_KEY: env.WORKSPACE_KEY,
          WORKSPACE_SECRET: env.WORKSPACE_SECRET,
          WORKER_CONCURRENCY: String(concurrency),
          WORKER_POLL_MS: String(POLL_MS),
          ...(args["local-queue"] ? { WORKER_LOCAL_QUEUE: args["local-queue"] } : {}),
          WORKER_SCHEDULES: "off",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => (d.toString().includes("started (") ? resolve() : undefined));
        child.on("exit", (code) => reject(new Error(`worker process exited with ${code}`)));
      });
    }
  };

  // Warm-up (JIT, prepared statements, PGlite page cache).
  for (let i = 0; i < 20; i++) {
    const r = await create(-1);
    await waitRun(r!.id);
  }

  // 1. Idle latency, in-process worker (as in the embedded default, where the API notifies it directly).
  const idle: number[] = [];
  for (let i = 0; i < IDLE; i++) {
    const t0 = performance.now();
    const r = await create(i);
    const state = await waitRun(r!.id);
    idle.push(performance.now() - t0);
    if (state !== "completed") throw new Error(`idle run ended ${state}`);
    await sleep(5);
  }
  idle.sort((a, b) => a - b);
  log(`idle latency p50 ${pct(idle, 50)} ms over ${IDLE} runs`);

  // 2. Drain: N runs queued with no worker running, then all workers started; time to empty the queue.
  await worker.stop(2000);
  let t0 = performance.now();
  await produce(RUNS);
  const queuedMs = performance.now() - t0;
  const drainPhaseStart = new Date(Date.now() - 1);
  await spawnWorkers();
  if (APP_WORKER) {
    worker = makeWorker();
    await worker.ready();
  } else if (!children.length) throw new Error("--app-worker off needs --workers 2 or more");
  await waitDrained();
  // From the first claim to the last finish (database clock): a worker process's start-up (1–2 s of tsx)
  // is not engine time. The worker processes start first, the in-process one right after them.
  const [span] = await rows<{ ms: number }>(
    db,
    sql`SELECT extract(epoch FROM (max(end_time) - min(start_time))) * 1000 AS ms FROM flow_runs
        WHERE end_time >= ${drainPhaseStart.toISOString()}`,
  );
  const drainMs = Number(span.ms);
  log(`drain: ${Math.round((RUNS / drainMs) * 1000)} runs/s`);

  // 3. End to end: N runs created as fast as possible while the workers run.
  const phaseStart = new Date(Date.now() - 1);
  t0 = performance.now();
  await produce(RUNS);
  await waitDrained();
  const totalMs = performance.now() - t0;
  const lat = await rows<{ ms: number; state: string }>(
    db,
    sql`SELECT extract(epoch FROM (end_time - created_at)) * 1000 AS ms, state FROM flow_runs
        WHERE created_at >= ${phaseStart.toISOString()}`,
  );
  const latencies = lat.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const notCompleted = (
    await rows<{ n: string | number }>(
      db,
      sql`SELECT count(*) AS n FROM flow_runs WHERE state <> 'completed'`,
    )
  ).map((r) => Number(r.n))[0];
  const byWorker = await rows<{ worker_id: string; n: string | number }>(
    db,
    sql`SELECT worker_id, count(*) AS n FROM flow_runs WHERE created_at >= ${phaseStart.toISOString()} GROUP BY worker_id`,
  );

  // 4. Remote idle latency: only the worker processes run; sequential runs, database clock.
  const remoteIdle: number[] = [];
  if (children.length) {
    await worker.stop(2000); // no-op when it is stopped already (--app-worker off)
    await sleep(200);
    for (let i = 0; i < IDLE; i++) {
      const r = await create(i);
      for (;;) {
        const [row] = await rows<{ ms: number | null; state: string }>(
          db,
          sql`SELECT extract(epoch FROM (end_time - created_at)) * 1000 AS ms, state FROM flow_runs WHERE id = ${r!.id}`,
        );
        if (row.ms !== null && !["queued", "running"].includes(row.state)) {
          remoteIdle.push(Number(row.ms));
          break;
        }
        await sleep(2);
      }
      // Let the worker go idle again (a run finished just now triggers an immediate re-claim).
      await sleep(20 + Math.floor(Math.random() * 30));
    }
    remoteIdle.sort((a, b) => a - b);
    log(`remote idle latency p50 ${pct(remoteIdle, 50)} ms over ${IDLE} runs`);
  }
  const childRss = children.map((c) => peakRssMb(c.pid!));

  for (const c of children) c.kill("SIGTERM");
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode === null ? c.on("exit", r) : r(null)))),
  );
  if (!children.length) await worker.stop(2000);
  const result = {
    database: args.memory ? "pglite-memory" : kind,
    workers: WORKERS,
    ...(APP_WORKER ? {} : { appWorker: "off", workerProcesses: WORKERS - 1 }),
    concurrency,
    runs: RUNS,
    instances: INSTANCES,
    runsPerSecond: Math.round((RUNS / totalMs) * 1000),
    drainRunsPerSecond: Math.round((RUNS / drainMs) * 1000),
    queuedPerSecond: Math.round((RUNS / queuedMs) * 1000),
    latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) },
    idleLatencyMs: { p50: pct(idle, 50), p95: pct(idle, 95) },
    ...(children.length
      ? {
          remoteIdleLatencyMs: { p50: pct(remoteIdle, 50), p95: pct(remoteIdle, 95) },
          workerPollMs: POLL_MS,
        }
      : {}),
    // In-process worker: runs per claim / finish statement (group commit, see lib/engine/batcher.ts).
    runsPerStatement: Object.fromEntries(
      Object.entries(batchStats)
        .filter(([, v]) => v.statements > 0)
        .map(([k, v]) => [k, Math.round((v.items / (v.statements || 1)) * 10) / 10]),
    ),
    peakRssMb: peakRssMb("self"),
    ...(children.length ? { workerPeakRssMb: childRss, runsByWorker: byWorker.map((b) => Number(b.n)) } : {}),
    ...(notCompleted ? { notCompleted } : {}),
    node: process.version,
    cpus: os.cpus().length,
  };
  await close().catch(() => undefined);
  if (dropDatabase && !args.keep) await dropDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  console.error("[bench] failed:", (err as Error).stack ?? err);
  process.exit(1);
});
