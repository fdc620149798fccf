// `npm run bench:events`: what the change stream costs the engine, and how fast it delivers. Starts the
// production server (the bundle scripts/server.ts builds into, embedded database in a fresh DATA_DIR,
// in-process worker), creates the bench flow (bench-flow.ts) for --customers customers through the API, then
// runs --rounds rounds of two phases of the same load, in alternating order (without, with | with, without |
// …) so that a machine getting busier or quieter weighs on both alike:
//   - without: --posters loops POST runs for --duration seconds; the run rate counts until the last run
//     finished (the drain);
//   - with: the same while --clients SSE clients are connected to GET /api/events (a tenth are customers'
//     streams, the rest the admin's; opened before the phase, closed after it). Every client counts the
//     change events it gets; one in ten also notes when each run's final state arrived.
// For every phase it reads the app server's CPU time (utime + stime, /proc/<pid>/stat) besides the wall time:
// CPU ms per run is far less sensitive to other processes on the machine than runs/s.
//
// Prints one JSON object on stdout (progress goes to stderr):
//   withoutClients / withClients: runsPerSecond (median of the rounds), serverCpuMsPerRun (median), rounds[]
//   engineCostPercent      1 − median(with runs/s) / median(without runs/s), in % (the target: < 10)
//   pairedCostPercent      median over the rounds of the same, round by round
//   cpuCostPercent         median(with CPU ms/run) / median(without CPU ms/run) − 1, in %
//   eventsPerSecond        change events delivered to all clients per second of a with-phase (median)
//   serverCpuMsPerDeliveredEvent  (the server's CPU in a with-phase − its runs × the CPU per run of the
//                          without-phase of the same round) / events delivered (median)
//   endToClientMs          delay from a run's end (its endTime, written in the commit that ends it) to a
//                          timing client receiving its final state: p50/p95/max over all with-phases
//   machine                cpus, load average at start and end (the numbers are noise when the load
//                          average is near or above the cpus: other processes took the CPU)
//
// --mode=pg-two-servers: the same on PostgreSQL across processes: two app servers (WORKER=off) on one fresh
// database flowdeck_bench_events_<time> (on ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
// postgres; dropped after) and one `npm run worker` process. Runs are POSTed to the first app server, executed
// by the worker, and the SSE clients are connected to the second: every sampled run's final state must reach
// them (LISTEN/NOTIFY between the processes). The CPU figures are then those of the second app server, which
// executes no runs: its CPU per run with and without clients (cpuCostPercent) is the stream's own cost there,
// not the engine's; runs/s is the worker's.
//
// Exit code 1 when a sampled run's final state reached no client.
// Options: --clients=N (500) --duration=S (8, per phase) --rounds=N (3) --posters=N (8) --customers=N (10)
//   --port=N (3410; the second app server uses N+1) --mode=embedded|pg-two-servers (embedded)
//   --cpu-prof=DIR (the app servers run with `node --cpu-prof`, writing their profiles to DIR when they exit)
// Builds the app first when its sources changed (scripts/lib.mjs ensureBuild).
import { SERVER_ARGS } from "./lib.mjs";
import { BENCH_SECRETS, benchApi, benchToken, setUpBenchInstances } from "./bench-flow";
import { execSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "500" },
    duration: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
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
const ROUNDS = num("rounds");
const POSTERS = num("posters");
const CUSTOMERS = num("customers");
const PORT = num("port");
const MODE = args.mode!;
if (MODE !== "embedded" && MODE !== "pg-two-servers") throw new Error("--mode: embedded or pg-two-servers");
const ADMIN_URL = process.env.ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** One client in this many notes when runs end (the delay); the others only count events. */
const TIMING_EVERY = 10;

const log = (...a: unknown[]) => console.error("[bench:events]", ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) =>
  sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : null;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

const base = `http://127.0.0.1:${PORT}/api`;
/** Where the SSE clients connect: the other app server in pg-two-servers mode. */
const streamBase = MODE === "pg-two-servers" ? `http://127.0.0.1:${PORT + 1}/api` : base;
const api = <T>(method: string, p: string, auth: string, body?: unknown): Promise<T> =>
  benchApi<T>(base, method, p, auth, body);

/** CPU time (user + system) a process has used, in ms (/proc/<pid>/stat; Linux). */
const CLK_TCK = (() => {
  try {
    return Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

type Client = { req: http.ClientRequest; events: number; ends?: Map<string, number> };
const TERMINAL = new Set(["completed", "failed", "stopped"]);
const CHANGE = "\nevent: change\n";

/**
 * One SSE client: counts change events (cheaply: the bench's clients share the machine with the server);
 * a timing client also notes when each run's final state arrived (Date.now()).
 */
function openClient(auth: string, timing: boolean): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c: Client = { events: 0, ...(timing ? { ends: new Map<string, number>() } : {}) } as Client;
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
          const last = buf.lastIndexOf("\n\n");
          if (last < 0) return;
          const whole = buf.slice(0, last + 2);
          buf = buf.slice(last + 2);
          if (!ready && whole.includes("event: ready")) {
            ready = true;
            resolve(c);
          }
          for (let i = whole.indexOf(CHANGE); i >= 0; i = whole.indexOf(CHANGE, i + CHANGE.length)) {
            c.events++;
            if (!c.ends) continue;
            const start = i + CHANGE.length + "data: ".length;
            const e = JSON.parse(whole.slice(start, whole.indexOf("\n", start))) as {
              type: string;
              runId?: string;
              state?: string;
            };
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
async function load(admin: string, instances: { id: string; token: string }[], durationMs = DURATION_MS) {
  const ids: string[] = [];
  const t0 = performance.now();
  const until = t0 + durationMs;
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
  return { runs: ids.length, seconds, runsPerSecond: ids.length / seconds, ids };
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

type Phase = {
  round: number;
  clients: number;
  runs: number;
  seconds: number;
  runsPerSecond: number;
  serverCpuMs: number;
  serverCpuMsPerRun: number;
  benchCpuMs: number;
  loadavg1: number;
  eventsDelivered?: number;
  eventsPerSecond?: number;
};

async function main() {
  // The build's own output goes to stderr: stdout carries the result alone.
  const built = spawnSync(
    process.execPath,
    ["-e", 'import("./scripts/lib.mjs").then((m) => m.ensureBuild())'],
    { stdio: ["ignore", 2, 2] },
  );
  if (built.status !== 0) throw new Error("the build failed");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-bench-events-"));
  const dbName = `flowdeck_bench_events_${Date.now()}`;
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...BENCH_SECRETS,
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
    return proc;
  };
  let clients: Client[] = [];
  const closeClients = () => {
    for (const c of clients) c.req.destroy();
    clients = [];
  };
  const loadStart = os.loadavg().map((n) => round(n, 2));
  try {
    let streamServer: ChildProcess;
    if (MODE === "pg-two-servers") {
      await pg(ADMIN_URL, `CREATE DATABASE ${dbName}`);
      // The first server migrates the fresh database; the others start after it.
      await startServer(PORT);
      streamServer = await startServer(PORT + 1);
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
    } else streamServer = await startServer(PORT);
    const admin = await benchToken({ isAdmin: true });
    const instances = await setUpBenchInstances(base, admin, CUSTOMERS);
    log("warm-up");
    await load(admin, instances, Math.min(DURATION_MS, 3000)).catch(() => undefined);

    const customerClients = Math.floor(CLIENTS / 10);
    const phases: Phase[] = [];
    const delays: number[] = [];
    let missing = 0;
    const phase = async (roundNo: number, withClients: boolean) => {
      if (withClients) {
        log(`round ${roundNo}: opening ${CLIENTS} SSE clients`);
        const opening: Promise<Client>[] = [];
        for (let i = 0; i < CLIENTS; i++) {
          opening.push(
            openClient(
              i < customerClients ? instances[i % instances.length].token : admin,
              i % TIMING_EVERY === 0,
            ),
          );
          if (opening.length % 50 === 0) await Promise.all(opening.slice(-50));
        }
        clients = await Promise.all(opening);
        await sleep(500);
      }
      log(`round ${roundNo}: load ${withClients ? `with ${CLIENTS}` : "without"} clients`);
      const before = clients.reduce((n, c) => n + c.events, 0);
      const cpu0 = cpuMs(streamServer.pid!);
      const bench0 = process.cpuUsage();
      const result = await load(admin, instances);
      // The last events are on their way for a moment after the drain.
      if (withClients) await sleep(500);
      const serverCpuMs = cpuMs(streamServer.pid!) - cpu0;
      const bench = process.cpuUsage(bench0);
      const p: Phase = {
        round: roundNo,
        clients: withClients ? CLIENTS : 0,
        runs: result.runs,
        seconds: round(result.seconds, 2),
        runsPerSecond: round(result.runsPerSecond),
        serverCpuMs: Math.round(serverCpuMs),
        serverCpuMsPerRun: round(serverCpuMs / Math.max(1, result.runs), 3),
        benchCpuMs: Math.round((bench.user + bench.system) / 1000),
        loadavg1: round(os.loadavg()[0], 2),
      };
      if (withClients) {
        p.eventsDelivered = clients.reduce((n, c) => n + c.events, 0) - before;
        p.eventsPerSecond = round(p.eventsDelivered / result.seconds);
        // Delay from a run's end to each timing client that saw it (a customer's client sees its own runs).
        const sample = result.ids.filter(
          (_, i) => i % Math.max(1, Math.floor(result.ids.length / 100)) === 0,
        );
        for (const id of sample) {
          const run = await api<{ endTime?: string }>("GET", `/flow-runs/${id}`, admin);
          if (!run.endTime) continue;
          const end = new Date(run.endTime).getTime();
          let seen = false;
          for (const c of clients) {
            const at = c.ends?.get(id);
            if (at !== undefined) {
              delays.push(at - end);
              seen = true;
            }
          }
          if (!seen) missing++;
        }
        closeClients();
        await sleep(500);
      }
      phases.push(p);
      log(JSON.stringify(p));
    };
    for (let r = 1; r <= ROUNDS; r++) {
      // without, with | with, without | …: a trend of the machine's load weighs on both phases alike.
      const order = r % 2 ? [false, true] : [true, false];
      for (const withClients of order) await phase(r, withClients);
    }

    const without = phases.filter((p) => !p.clients);
    const withC = phases.filter((p) => p.clients);
    const rps = (ps: Phase[]) => median(ps.map((p) => p.runsPerSecond));
    const cpuPerRun = (ps: Phase[]) => median(ps.map((p) => p.serverCpuMsPerRun));
    const paired = withC.map((w) => {
      const o = without.find((p) => p.round === w.round)!;
      return {
        cost: (1 - w.runsPerSecond / o.runsPerSecond) * 100,
        cpuPerEvent: (w.serverCpuMs - w.runs * o.serverCpuMsPerRun) / Math.max(1, w.eventsDelivered ?? 0),
      };
    });
    delays.sort((a, b) => a - b);
    const loadEnd = os.loadavg().map((n) => round(n, 2));
    console.log(
      JSON.stringify({
        mode: MODE,
        clients: CLIENTS,
        customerClients,
        timingClients: Math.ceil(CLIENTS / TIMING_EVERY),
        posters: POSTERS,
        durationSeconds: DURATION_MS / 1000,
        rounds: ROUNDS,
        withoutClients: {
          runsPerSecond: round(rps(without)),
          serverCpuMsPerRun: round(cpuPerRun(without), 3),
        },
        withClients: { runsPerSecond: round(rps(withC)), serverCpuMsPerRun: round(cpuPerRun(withC), 3) },
        engineCostPercent: round((1 - rps(withC) / rps(without)) * 100),
        pairedCostPercent: round(median(paired.map((p) => p.cost))),
        cpuCostPercent: round((cpuPerRun(withC) / cpuPerRun(without) - 1) * 100),
        eventsPerSecond: round(median(withC.map((p) => p.eventsPerSecond ?? 0))),
        serverCpuMsPerDeliveredEvent: round(median(paired.map((p) => p.cpuPerEvent)), 5),
        endToClientMs: {
          samples: delays.length,
          p50: pct(delays, 50),
          p95: pct(delays, 95),
          max: delays.length ? delays[delays.length - 1] : null,
        },
        sampledRunsNoClientSaw: missing,
        machine: { cpus: os.cpus().length, loadavgStart: loadStart, loadavgEnd: loadEnd },
        phases,
      }),
    );
    if (missing > 0) process.exitCode = 1;
  } finally {
    closeClients();
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
