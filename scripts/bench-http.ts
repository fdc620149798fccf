// `npm run bench:http`: runs created through the real API, as users create them (`POST /api/flow-runs`, what
// the SDK's `flowInstance(id).run()` sends). For each mode it starts the production server (scripts/server.ts)
// on a fresh database, creates a 3-node flow (api-trigger → transform-data → filter), 50 customers each with a
// connection and an instance (all through the API, with customer tokens), then:
//   - load: autocannon POSTs runs for --duration seconds at each of --connections, rotating over the 50
//     instances and their customers' tokens; then waits until no run is queued or running (the drain);
//   - run and wait: --wait-clients clients each POST a run and poll GET /api/flow-runs/:id until it finished,
//     again and again for --wait-duration seconds.
// Prints one JSON object per mode and load (one line each) on stdout; progress goes to stderr.
//
// Modes (--modes, comma-separated; default all):
//   embedded    `npm start` default: PGlite in a fresh DATA_DIR, in-process worker
//   pg-single   PostgreSQL, one process (WORKER=on)
//   pg-workers  PostgreSQL, app server WORKER=off + --workers `npm run worker` processes (default 2)
// PostgreSQL modes each use a fresh database flowdeck_bench_http_<time> on ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres; the local cluster is started when it is down), dropped after.
//
// Asserted (exit code 1 otherwise): 0 lost runs (every acknowledged run exists and finished), 0 duplicates
// (no id acknowledged twice), no more rows nobody got an answer for than requests in flight when the load
// stopped (`unacknowledged`, and they finished too), 0 non-2xx answers other than 429 (the documented
// backpressure answer, counted as `rejected429`).
//
// Options: --duration=S (20) --connections=10,50 --wait-clients=10 --wait-duration=S (10) --workers=N (2)
//   --instances=N (50) --port=N (3400) --drain-timeout=S (120) --cpu-prof=DIR (server and workers write V8 profiles)
//   --env=K=V,K=V (extra environment for the server and workers, e.g. --env=RUN_BACKLOG_LIMIT=500)
import { SERVER_ARGS, WORKER_ARGS } from "./lib.mjs";
import { BENCH_SECRETS, benchApi, benchToken, setUpBenchInstances } from "./bench-flow";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "10,50" },
    "wait-clients": { type: "string", default: "10" },
    "wait-duration": { type: "string", default: "10" },
    workers: { type: "string", default: "2" },
    instances: { type: "string", default: "50" },
    port: { type: "string", default: "3400" },
    modes: { type: "string", default: "embedded,pg-single,pg-workers" },
    "drain-timeout": { type: "string", default: "120" },
    "cpu-prof": { type: "string" },
    env: { type: "string", default: "" },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = args.connections!.split(",").filter(Boolean).map(Number); // empty: run-and-wait only
const WAIT_CLIENTS = Number(args["wait-clients"]);
const WAIT_DURATION = Number(args["wait-duration"]);
const WORKERS = Number(args.workers);
const INSTANCES = Number(args.instances);
const PORT = Number(args.port);
const DRAIN_TIMEOUT_MS = Number(args["drain-timeout"]) * 1000;
const MODES = args.modes!.split(",");
const EXTRA_ENV = Object.fromEntries(
  args
    .env!.split(",")
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
for (const m of MODES)
  if (!["embedded", "pg-single", "pg-workers"].includes(m)) throw new Error(`--modes: unknown mode ${m}`);
for (const [k, v] of Object.entries({
  duration: DURATION,
  workers: WORKERS,
  instances: INSTANCES,
  port: PORT,
}))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
if (CONNECTIONS.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error("--connections: positive integers");
const ADMIN_URL = process.env.ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const log = (...a: unknown[]) => console.error("[bench:http]", ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) =>
  sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : null;
const load = () => os.loadavg().map((n) => round(n, 2));

/** CPU time (ms) a process has used so far: utime + stime from /proc/<pid>/stat (clock ticks). */
const TICK_MS = 1000 / Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim() || 100);
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // the process ended
  }
}
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

const secrets = BENCH_SECRETS;
const token = benchToken;

async function pgAdmin<T = Record<string, unknown>>(url: string, query: string, params: unknown[] = []) {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(query, params)).rows as T[];
  } finally {
    await c.end();
  }
}

function ensurePostgres() {
  const u = new URL(ADMIN_URL);
  const ready = () => spawnSync("pg_isready", ["-h", u.hostname, "-p", u.port || "5432", "-q"]).status === 0;
  if (ready()) return;
  const version = fs.existsSync("/etc/postgresql")
    ? fs
        .readdirSync("/etc/postgresql")
        .sort((a, b) => Number(a) - Number(b))
        .at(-1)
    : undefined;
  if (!version) throw new Error(`PostgreSQL is not running at ${u.host} and no local cluster exists`);
  log(`starting PostgreSQL ${version}`);
  spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
  for (let i = 0; i < 60 && !ready(); i++) spawnSync("sleep", ["0.5"]);
  if (!ready()) throw new Error("PostgreSQL did not become ready");
}

type Procs = { server: ChildProcess; workers: ChildProcess[] };

async function startProcesses(mode: string, env: Record<string, string>): Promise<Procs> {
  const prof = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${args["cpu-prof"]}`] : [];
  const common = { ...process.env, ...secrets, SEED_DEMO: "off", NEXT_TELEMETRY_DISABLED: "1", ...env };
  const server = spawn(process.execPath, [...prof, ...SERVER_ARGS], {
    env: { ...common, PORT: String(PORT), WORKER: mode === "pg-workers" ? "off" : "on", ...EXTRA_ENV },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const procs: Procs = { server, workers: [] };
  // The server migrates the fresh database; workers start after it (two migrating at once collide).
  await waitHealthy(procs);
  if (mode === "pg-workers")
    for (let w = 0; w < WORKERS; w++) {
      const worker = spawn(process.execPath, [...prof, ...WORKER_ARGS], {
        env: { ...common, WORKER_SCHEDULES: "off", ...EXTRA_ENV },
        stdio: ["ignore", "pipe", "inherit"],
      });
      procs.workers.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.stdout!.on("data", (d: Buffer) =>
          d.toString().includes("started (") ? resolve() : undefined,
        );
        worker.once("exit", (code) => reject(new Error(`worker process exited with ${code}`)));
      });
      worker.stdout!.resume();
    }
  return procs;
}

async function stopProcesses({ server, workers }: Procs) {
  await Promise.all(
    [server, ...workers].map((p) => {
      if (p.exitCode !== null) return;
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      return exited;
    }),
  );
}

const base = `http://127.0.0.1:${PORT}/api`;

const api = <T>(method: string, p: string, auth: string, body?: unknown): Promise<T> =>
  benchApi<T>(base, method, p, auth, body);

async function waitHealthy(procs: Procs) {
  for (let i = 0; i < 480; i++) {
    if (procs.server.exitCode !== null) throw new Error("server exited during start-up");
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error("server did not become healthy");
}

/** The 3-node flow and INSTANCES customers, each with a connection and an instance; through the API. */
const setUp = (admin: string) => setUpBenchInstances(base, admin, INSTANCES);

/** Run requests refused (429) so far, from /api/metrics. */
async function runCounts(admin: string) {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${admin}` } })
  ).text();
  const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    rejected: n(/flowdeck_run_requests_total\{outcome="rejected"\} (\d+)/),
  };
}

/** Queued and running runs, from /api/health (two index counts; /api/metrics also scans every ended run). */
async function activeRuns() {
  const h = (await (await fetch(`${base}/health`)).json()) as {
    queue: { queuedRuns: number; runningRuns: number };
  };
  return h.queue.queuedRuns + h.queue.runningRuns;
}

async function waitDrained() {
  const t0 = performance.now();
  for (;;) {
    if ((await activeRuns()) === 0) return performance.now() - t0;
    if (performance.now() - t0 > DRAIN_TIMEOUT_MS) return Infinity;
    await sleep(100);
  }
}

type Pids = { name: string; pid: number }[];
const pidsOf = (procs: Procs, backends: number[]): Pids => [
  { name: "server", pid: procs.server.pid! },
  ...procs.workers.map((w, i) => ({ name: `worker${i + 1}`, pid: w.pid! })),
  ...backends.map((pid) => ({ name: "postgres", pid })),
];
const cpuOf = (pids: Pids) => new Map(pids.map((p) => [p.pid, cpuMs(p.pid)]));

/** The CPU time (ms) used since `before` per process kind (postgres backends summed), and in total. */
function cpuUsed(pids: Pids, before: Map<number, number>) {
  const out: Record<string, number> = { total: 0 };
  for (const p of pids) {
    const now = cpuMs(p.pid);
    if (!now) continue; // ended meanwhile (a closed pool connection): its time is not known
    const ms = now - (before.get(p.pid) ?? 0);
    out[p.name] = (out[p.name] ?? 0) + ms;
    out.total += ms;
  }
  return out;
}
const perRun = (used: Record<string, number>, runs: number) =>
  Object.fromEntries(Object.entries(used).map(([k, ms]) => [k, round(ms / Math.max(1, runs), 3)]));

async function newBackends(dbName: string | undefined, known: Pids): Promise<Pids> {
  if (!dbName) return [];
  const seen = new Set(known.map((p) => p.pid));
  const rows = await pgAdmin<{ pid: number }>(
    ADMIN_URL,
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [dbName],
  );
  return rows.filter((r) => !seen.has(r.pid)).map((r) => ({ name: "postgres", pid: r.pid }));
}

type RunRow = { id: string; state: string; created: number; ended: number | null };

async function main() {
  if (![".next/BUILD_ID", SERVER_ARGS[0], WORKER_ARGS[0]].every((f) => fs.existsSync(f)))
    throw new Error("no production build: run `npm run build` first");
  let failed = false;
  for (const mode of MODES) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `flowdeck-bench-http-`));
    let dbName: string | undefined;
    let dbUrl: string | undefined;
    if (mode !== "embedded") {
      ensurePostgres();
      dbName = `flowdeck_bench_http_${Date.now()}`;
      await pgAdmin(ADMIN_URL, `CREATE DATABASE ${dbName}`);
      const u = new URL(ADMIN_URL);
      u.pathname = `/${dbName}`;
      dbUrl = u.toString();
    }
    const env: Record<string, string> = { DATA_DIR: dataDir, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) };
    let procs: Procs | undefined;
    try {
      procs = await startProcesses(mode, env);
      const admin = await token({ isAdmin: true });
      const instances = await setUp(admin);
      log(`${mode}: ${instances.length} instances set up`);
      // Warm-up (not measured): the route modules load, statements get planned, JIT.
      await autocannon({
        url: `${base}/flow-runs`,
        connections: 5,
        amount: 500,
        method: "POST",
        requests: [
          {
            setupRequest: (req) => {
              const inst = instances[Math.floor(Math.random() * instances.length)];
              return {
                ...req,
                headers: { authorization: `Bearer ${inst.token}`, "content-type": "application/json" },
                body: JSON.stringify({ flowInstanceId: inst.id, input: { x: 1 } }),
              };
            },
          },
        ],
      });
      await waitDrained();
      const accepted: string[] = [];
      for (const connections of CONNECTIONS) {
        const backends = dbName
          ? (
              await pgAdmin<{ pid: number }>(
                ADMIN_URL,
                "SELECT pid FROM pg_stat_activity WHERE datname = $1",
                [dbName],
              )
            ).map((r) => r.pid)
          : [];
        const pids = pidsOf(procs, backends);
        const ids: string[] = [];
        const latencies: number[] = [];
        let rotate = 0;
        const rejectedBefore = (await runCounts(admin)).rejected;
        const loadBefore = load();
        const cpuBefore = cpuOf(pids);
        const startedAt = Date.now();
        let rejected429 = 0;
        const r = await new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${base}/flow-runs`,
              connections,
              duration: DURATION,
              method: "POST",
              requests: [
                {
                  setupRequest: (req) => {
                    const inst = instances[rotate++ % instances.length];
                    return {
                      ...req,
                      headers: { authorization: `Bearer ${inst.token}`, "content-type": "application/json" },
                      body: JSON.stringify({ flowInstanceId: inst.id, input: { x: 1 } }),
                    };
                  },
                  onResponse: (status, body) => {
                    if (status === 201) ids.push((JSON.parse(body) as { id: string }).id);
                    else if (status === 429) rejected429++;
                  },
                },
              ],
            },
            (err, result) => (err ? reject(err) : resolve(result)),
          );
          instance.on("response", (_c, _s, _b, ms) => latencies.push(ms));
        });
        const drainMs = await waitDrained();
        // Connections opened during the load count from 0 (their whole life is in the window).
        const used = cpuUsed([...pids, ...(await newBackends(dbName, pids))], cpuBefore);
        const counts = await runCounts(admin); // after the CPU reading: /api/metrics scans every run
        const rss = Object.fromEntries(
          pids.filter((p) => p.name !== "postgres").map((p) => [p.name, peakRssMb(p.pid)]),
        );
        latencies.sort((a, b) => a - b);
        accepted.push(...ids);
        // Every acknowledged run, from the database: it exists, once, and finished.
        const rows = await runRows(mode, dbUrl, dataDir, ids, procs, startedAt);
        if (mode === "embedded") procs = await restart(mode, env, procs);
        const byId = new Map(rows.map((row) => [row.id, row]));
        const lost = ids.filter((id) => !byId.get(id)?.ended).length;
        const acked = new Set(ids);
        const duplicates = ids.length - acked.size;
        // Runs inserted for requests still in flight when autocannon stopped (it drops their answers): at most
        // one per connection; they must finish too.
        const unacknowledged = rows.filter((row) => !acked.has(row.id));
        const finished = rows.filter((row) => row.ended !== null);
        const inWindow = finished.filter((row) => row.ended! <= startedAt + DURATION * 1000).length;
        const e2e = finished.map((row) => row.ended! - row.created).sort((a, b) => a - b);
        const lastEnd = Math.max(...finished.map((row) => row.ended!));
        const completed = finished.length;
        const unexpectedNon2xx = r.non2xx - rejected429;
        const result = {
          mode,
          load: "post-runs",
          connections,
          durationSeconds: DURATION,
          loadAverageBefore: loadBefore,
          loadAverageAfter: load(),
          acceptedPerSecond: round(ids.length / DURATION),
          httpMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) },
          completedPerSecond: round(completed / ((lastEnd - startedAt) / 1000)),
          completedInWindowPercent: round((100 * inWindow) / Math.max(1, ids.length)),
          createdToEndMs: { p50: pct(e2e, 50), p95: pct(e2e, 95) },
          drainMs: Number.isFinite(drainMs) ? Math.round(drainMs) : null,
          accepted: ids.length,
          lost,
          duplicates,
          unacknowledged: unacknowledged.length,
          rejected429,
          rejectedCountedInMetrics: counts.rejected - rejectedBefore,
          non2xx: r.non2xx,
          errors: r.errors,
          cpuMsPerCompletedRun: perRun(used, completed),
          peakRssMb: rss,
        };
        console.log(JSON.stringify(result));
        const strays =
          unacknowledged.length > connections || unacknowledged.some((row) => row.ended === null);
        if (lost || duplicates || strays || unexpectedNon2xx || r.errors || !Number.isFinite(drainMs)) {
          failed = true;
          log(
            `${mode} at ${connections} connections: lost ${lost}, duplicates ${duplicates}, non-2xx ${unexpectedNon2xx}, errors ${r.errors}`,
          );
        }
      }
      const wait = await runAndWait(mode, instances, procs);
      console.log(JSON.stringify(wait));
      if (wait.failures) failed = true;
    } finally {
      if (procs) await stopProcesses(procs);
      if (dbName) await pgAdmin(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (failed) {
    log("FAILED: lost or duplicated runs, or unexpected non-2xx answers");
    process.exit(1);
  }
}

/**
 * The rows of the given runs. PostgreSQL: read next to the server. Embedded: PGlite is one process's, so the
 * server is stopped first (gracefully) and the folder opened here; the caller restarts it.
 */
async function runRows(
  mode: string,
  dbUrl: string | undefined,
  dataDir: string,
  ids: string[],
  procs: Procs,
  since: number,
): Promise<RunRow[]> {
  const query = `SELECT id, state, extract(epoch from created_at) * 1000 AS created,
      extract(epoch from end_time) * 1000 AS ended
    FROM flow_runs WHERE id = ANY($1) OR created_at >= to_timestamp($2::float8 / 1000)`;
  // Rows created since the load started but not acknowledged would be duplicates (or un-acked inserts).
  const params = [ids, since];
  const map = (rows: Record<string, unknown>[]) =>
    rows.map((r) => ({
      id: String(r.id),
      state: String(r.state),
      created: Number(r.created),
      ended: r.ended === null ? null : Number(r.ended),
    }));
  if (mode !== "embedded") return map(await pgAdmin(dbUrl!, query, params));
  await stopProcesses(procs);
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(dataDir, "pglite"));
  try {
    return map((await db.query<Record<string, unknown>>(query, params)).rows);
  } finally {
    await db.close();
  }
}

async function restart(mode: string, env: Record<string, string>, old: Procs) {
  await stopProcesses(old);
  return startProcesses(mode, env);
}

/** WAIT_CLIENTS clients, each: POST a run, poll it until it finished, repeat (as `run()` then polling does). */
async function runAndWait(mode: string, instances: { id: string; token: string }[], procs: Procs) {
  const latencies: number[] = [];
  // Where each wait went, from the run's own timestamps (same machine, same clock): request → row created,
  // created → claimed (startTime), claimed → ended, ended → the client saw it.
  const phases = {
    toCreated: [] as number[],
    toStarted: [] as number[],
    toEnded: [] as number[],
    toSeen: [] as number[],
  };
  const loadBefore = load();
  const end = performance.now() + WAIT_DURATION * 1000;
  let failures = 0;
  await Promise.all(
    Array.from({ length: WAIT_CLIENTS }, async (_, c) => {
      let i = c;
      while (performance.now() < end) {
        const inst = instances[i++ % instances.length];
        const t0 = performance.now();
        const wall0 = Date.now();
        const run = await api<{ id: string }>("POST", "/flow-runs", inst.token, {
          flowInstanceId: inst.id,
          input: { x: 1 },
        }).catch(() => undefined);
        if (!run) {
          failures++;
          continue;
        }
        type Got = { state: string; createdAt: string; startTime: string; endTime?: string };
        let got: Got;
        for (;;) {
          got = await api<Got>("GET", `/flow-runs/${run.id}`, inst.token);
          if (got.state !== "queued" && got.state !== "running") break;
          await sleep(2);
        }
        latencies.push(performance.now() - t0);
        const [created, started, ended] = [got.createdAt, got.startTime, got.endTime ?? got.startTime].map(
          Date.parse,
        );
        phases.toCreated.push(created - wall0);
        phases.toStarted.push(started - created);
        phases.toEnded.push(ended - started);
        phases.toSeen.push(Date.now() - ended);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    mode,
    load: "run-and-wait",
    clients: WAIT_CLIENTS,
    durationSeconds: WAIT_DURATION,
    loadAverageBefore: loadBefore,
    loadAverageAfter: load(),
    runsPerSecond: round(latencies.length / WAIT_DURATION),
    latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95) },
    phaseP50Ms: Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [
        k,
        pct(
          v.sort((a, b) => a - b),
          50,
        ),
      ]),
    ),
    failures,
    peakRssMb: { server: peakRssMb(procs.server.pid!) },
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
