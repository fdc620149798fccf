// `npm run bench:api`: seeds 100,000 instances over 1,000 customers and 1,000,000 runs, starts the built
// app on that database and measures list/get endpoints with autocannon (50 connections). Prints JSON.
// Embedded (PGlite in bench-data/) by default; set DATABASE_URL to measure PostgreSQL (a fresh database is made
// and dropped at the end). Options: --duration=S, --port=N, --only=substring (measure a subset),
// --keep (keep the seeded data: PGlite folder / PostgreSQL database), --reuse[=dbname] (measure kept data) and
// --read-cache=rows|off (rows: compute every response, keeping the row-JSON cache; off: neither cache,
// lib/server/read-cache.ts) and --writes-per-second=N (while
// measuring, PATCH another instance N times a second through the API, so reused reads go stale N times a second).
import { SERVER_ARGS } from "./lib.mjs";
import { BENCH_FLOW_NODES } from "./bench-flow";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { SignJWT } from "jose";
import { sql } from "drizzle-orm";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const INSTANCES = Number(args.get("instances") ?? 100_000);
const CUSTOMERS = Number(args.get("customers") ?? 1_000);
const RUNS = Number(args.get("runs") ?? 1_000_000);
const DURATION = Number(args.get("duration") ?? 8);
const PORT = Number(args.get("port") ?? 3390);
const ONLY = args.get("only");
const KEEP = args.has("keep");
const REUSE = args.has("reuse") ? args.get("reuse") || "" : undefined;
const READ_CACHE = args.get("read-cache") ?? "on";
if (!["on", "rows", "off"].includes(READ_CACHE)) throw new Error("--read-cache: on, rows or off");
const WRITES_PER_SECOND = Number(args.get("writes-per-second") ?? 0);

/**
 * The background write: rename an instance no case reads (the first one seeded: the last of every list, on
 * flow 2) through the API, a committed change each time.
 */
async function renameOtherInstance(base: string, admin: string, n: number) {
  const target = "6b00000005" + (1).toString(16).padStart(14, "0");
  const res = await fetch(`${base}/flow-instances/${target}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify({ name: `Renamed ${n}` }),
  });
  if (!res.ok) console.error(`bench write failed: ${res.status}`);
}

// PostgreSQL runs keep their (secrets-only) data folder apart, so they never wipe kept PGlite data.
const dataDir = path.resolve(process.env.DATABASE_URL ? "bench-data/api-pg" : "bench-data/api");
const marker = path.join(dataDir, "seeded.json");
const seededWith = JSON.stringify({ INSTANCES, CUSTOMERS, RUNS });
const reusePglite = REUSE !== undefined && !process.env.DATABASE_URL;
if (reusePglite && (!fs.existsSync(marker) || fs.readFileSync(marker, "utf8") !== seededWith))
  throw new Error("--reuse: no kept PGlite data seeded with these counts (run once with --keep)");
if (!reusePglite) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
}
const secrets = {
  WORKSPACE_KEY: "bench",
  WORKSPACE_SECRET: "bench-secret-0123456789abcdef",
  ADMIN_PASSWORD: "bench-password",
};
Object.assign(process.env, secrets, { DATA_DIR: dataDir, SEED_DEMO: "off" });

// The server to make bench databases on (run() points DATABASE_URL at the bench database itself).
const ADMIN_URL = process.env.DATABASE_URL;

async function adminQuery(query: string) {
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(query);
  } finally {
    await admin.end();
  }
}

/** PostgreSQL: a database of its own (`--reuse=name`: a kept one), so the bench never touches real data. */
async function benchPgDatabase(): Promise<{ url: string; name: string } | undefined> {
  if (!ADMIN_URL) return undefined;
  const name = REUSE || `flowdeck_bench_${Date.now()}`;
  if (!/^flowdeck_bench_\d+$/.test(name)) throw new Error(`--reuse: not a bench database name: ${name}`);
  if (!REUSE) await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

async function seed() {
  const { getDbHandle } = await import("../lib/db/client");
  const { db, close, kind } = await getDbHandle();
  if (REUSE !== undefined) {
    await close();
    return { kind, seedSeconds: 0 };
  }
  const t0 = Date.now();
  const id = (prefix: string, n: string) =>
    sql.raw(`'6b000000' || '${prefix}' || lpad(to_hex(${n}), 14, '0')`);
  await db.execute(
    sql`INSERT INTO integrations (id, key, name, base_uri) VALUES ('6b0000000100000000000001', 'bench-app', 'Bench app', '')`,
  );
  const nodes = JSON.stringify(BENCH_FLOW_NODES);
  await db.execute(sql`INSERT INTO flows (id, key, name, integration_id, nodes, revision) VALUES
    ('6b0000000200000000000001', 'bench-flow', 'Bench flow', '6b0000000100000000000001', ${nodes}::jsonb, 'r1'),
    ('6b0000000200000000000002', 'bench-flow-2', 'Bench flow 2', '6b0000000100000000000001', ${nodes}::jsonb, 'r1')`);
  await db.execute(sql`INSERT INTO customers (id, internal_id, name)
    SELECT ${id("03", "i")}, 'customer-' || i, 'Customer ' || i FROM generate_series(1, ${CUSTOMERS}::int) i`);
  await db.execute(sql`INSERT INTO connections (id, name, customer_id, integration_id)
    SELECT ${id("04", "i")}, 'Connection ' || i, ${id("03", "i")}, '6b0000000100000000000001' FROM generate_series(1, ${CUSTOMERS}::int) i`);
  const perCustomer = Math.ceil(INSTANCES / CUSTOMERS);
  await db.execute(sql`INSERT INTO flow_instances (id, flow_id, connection_id, customer_id, integration_id, instance_key, name, nodes, flow_revision, enabled, last_run_state)
    SELECT ${id("05", "i")}, CASE WHEN i % 2 = 0 THEN '6b0000000200000000000001' ELSE '6b0000000200000000000002' END,
      ${id("04", `(i % ${CUSTOMERS}) + 1`)}, ${id("03", `(i % ${CUSTOMERS}) + 1`)}, '6b0000000100000000000001',
      'k' || (i / ${CUSTOMERS}), 'Instance ' || i, ${nodes}::jsonb, 'r1', i % 7 <> 0, 'completed'
    FROM generate_series(1, ${perCustomer * CUSTOMERS}::int) i`);
  const batch = 200_000;
  for (let start = 1; start <= RUNS; start += batch) {
    const end = Math.min(RUNS, start + batch - 1);
    await db.execute(sql`INSERT INTO flow_runs (id, flow_instance_id, flow_id, connection_id, customer_id, integration_id, start_node_key, input, state, nodes, start_time, end_time)
      SELECT ${id("06", "i")}, ${id("05", `(i % ${INSTANCES}) + 1`)}, '6b0000000200000000000001', ${id("04", `(i % ${CUSTOMERS}) + 1`)},
        ${id("03", `(i % ${CUSTOMERS}) + 1`)}, '6b0000000100000000000001', 'trigger', '{"x":1}'::jsonb,
        CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'completed' END, '{}'::jsonb, now(), now()
      FROM generate_series(${start}::int, ${end}::int) i`);
  }
  await db.execute(sql`ANALYZE`);
  const seedSeconds = (Date.now() - t0) / 1000;
  await close();
  if (kind === "pglite") fs.writeFileSync(marker, seededWith);
  return { kind, seedSeconds };
}

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, SERVER_ARGS, {
    env: { ...process.env, ...env, PORT: String(PORT), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function waitHealthy() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** CPU time (ms) a process has used so far: utime + stime from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * autocannon for DURATION seconds at 50 connections after a 2 s warm-up; percentiles (ms) from every response's latency, and the
 * server process's CPU time per request (steadier than latency when other work shares the machine).
 */
/** The server's count of API reads reused from and computed for its read cache (GET /api/metrics). */
async function readCounts(base: string, token: string) {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  const count = (outcome: string) =>
    Number(new RegExp(`flowdeck_api_reads_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { reused: count("reused"), computed: count("computed") };
}

async function measure(name: string, url: string, token: string, serverPid: number, admin: string) {
  const base = url.slice(0, url.indexOf("/api/") + 4);
  // Warm-up (not recorded): the first requests of a route load and compile its bundle.
  await autocannon({ url, connections: 10, duration: 2, headers: { authorization: `Bearer ${token}` } });
  const latencies: number[] = [];
  const readsBefore = await readCounts(base, admin);
  let writes = 0;
  const writer = WRITES_PER_SECOND
    ? setInterval(() => void renameOtherInstance(base, admin, ++writes), 1000 / WRITES_PER_SECOND)
    : undefined;
  const cpuBefore = cpuMs(serverPid);
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: 50, duration: DURATION, headers: { authorization: `Bearer ${token}` } },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const cpu = cpuMs(serverPid) - cpuBefore;
  clearInterval(writer);
  const readsAfter = await readCounts(base, admin);
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    name,
    url: url.replace(/^http:\/\/[^/]+/, ""),
    reqPerSec: Math.round(r.requests.average),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    serverCpuMsPerRequest: Math.round((cpu / Math.max(1, r.requests.total)) * 100) / 100,
    bytesPerResponse: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
    backgroundWrites: writes,
    readsReused: readsAfter.reused - readsBefore.reused,
    readsComputed: readsAfter.computed - readsBefore.computed,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function main() {
  const pg = await benchPgDatabase();
  try {
    await run(pg?.url);
  } finally {
    if (pg && !KEEP) await adminQuery(`DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`);
    else if (pg) console.error(`kept PostgreSQL database ${pg.name} (--reuse=${pg.name})`);
    if (!pg && !KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function run(url: string | undefined) {
  if (url) process.env.DATABASE_URL = url;
  const { kind, seedSeconds } = await seed();
  if (!fs.existsSync(".next/BUILD_ID") || !fs.existsSync(SERVER_ARGS[0]))
    throw new Error("no production build: run `npm run build` first");
  const server = startServer({
    ...secrets,
    DATA_DIR: dataDir,
    SEED_DEMO: "off",
    API_READ_CACHE: READ_CACHE,
    ...(url ? { DATABASE_URL: url } : {}),
  });
  try {
    await waitHealthy();
    const key = new TextEncoder().encode(secrets.WORKSPACE_SECRET);
    const admin = await new SignJWT({ isAdmin: true })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("bench")
      .setExpirationTime("1h")
      .sign(key);
    const customer = await new SignJWT({ id: "customer-7" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("bench")
      .setExpirationTime("1h")
      .sign(key);
    const base = `http://127.0.0.1:${PORT}/api`;
    // A deep page: follow cursors 200 pages in (10,000 rows) and measure that page.
    let cursor = "";
    for (let i = 0; i < 200; i++) {
      const page = (await (
        await fetch(`${base}/flow-instances?limit=50${cursor ? `&cursor=${cursor}` : ""}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as { cursor?: string };
      cursor = page.cursor ?? cursor;
    }
    const instanceId = "6b00000005" + (7).toString(16).padStart(14, "0");
    const cases: [string, string, string][] = [
      ["list instances, first page", `${base}/flow-instances?limit=50`, admin],
      ["list instances, deep page", `${base}/flow-instances?limit=50&cursor=${cursor}`, admin],
      [
        "list instances, filtered (flow + enabled)",
        `${base}/flow-instances?limit=50&flowId=6b0000000200000000000001&enabled=true`,
        admin,
      ],
      ["list runs of one instance", `${base}/flow-runs?flowInstanceId=${instanceId}&limit=50`, admin],
      ["get by id", `${base}/flow-instances/${instanceId}`, admin],
      [
        "get with autoCreate (customer token)",
        `${base}/connections/bench-app/flows/bench-flow?autoCreate=true`,
        customer,
      ],
    ];
    // With background writes, one write first, so that loading the PATCH route is not measured.
    if (WRITES_PER_SECOND) await renameOtherInstance(base, admin, 0);
    const loadBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
    const results = [];
    for (const [name, url, token] of cases)
      if (!ONLY || name.includes(ONLY)) results.push(await measure(name, url, token, server.pid!, admin));
    const rss =
      Number(fs.readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
    console.log(
      JSON.stringify(
        {
          database: kind,
          instances: INSTANCES,
          customers: CUSTOMERS,
          runs: RUNS,
          seedSeconds,
          connections: 50,
          readCache: READ_CACHE,
          writesPerSecond: WRITES_PER_SECOND,
          durationSeconds: DURATION,
          loadAverageBefore: loadBefore,
          loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
          serverPeakRssMb: Math.round(rss),
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
