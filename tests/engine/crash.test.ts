// Chaos test (PostgreSQL, graphile-worker path): two `scripts/worker.ts` processes on one database.
//   1. one is killed with SIGKILL mid-flight and restarted;
//   2. then every connection to the database is cut mid-flight (pg_terminate_backend, twice), as a
//      database restart does — the workers must reconnect and carry on.
// After each, every run must have reached a terminal state exactly once, with the node runs of exactly one
// attempt; none is left queued or running; no node run is orphaned. Side effects (the HTTP calls) are
// at-least-once: a request a dead or cut-off attempt already sent is sent again.
//
// Why pg_terminate_backend and not `pg_ctlcluster … restart`: the cluster at 127.0.0.1:5432 is shared (other
// suites and benchmarks run on it at the same time), and a restart would break them. Terminating every
// backend of this test's own scratch database is, for the workers, the same event as a restart: every
// pooled connection, the LISTEN connection and in-flight queries fail at once and must be re-established.
//
// With CHAOS_DB=restart (`npm run test:chaos` sets it) the second scenario restarts the PostgreSQL cluster
// itself instead (`pg_ctlcluster … restart`: the server goes away for real, then comes back); only do that when
// nothing else uses the cluster.
//
// CRASH_RUNS runs per scenario (default 60; scripts/pg-test.sh uses 200, `npm run test:chaos` 2000).
import http from "node:http";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openTestDb, rows, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import type { FlowNodes } from "@/lib/core/flow";
import { makeTenant } from "@/tests/helpers";
import { createScratchDatabase, spawnTsx, type Spawned } from "./pg";

const RUNS = Number(process.env.CRASH_RUNS ?? 60);
const RESTART = process.env.CHAOS_DB === "restart";
let adminClient: pg.Client;
let adminUrl: URL;

async function connectAdmin() {
  adminClient = new pg.Client({ connectionString: adminUrl.toString() });
  adminClient.on("error", () => undefined); // the restart scenario ends this connection on purpose
  await adminClient.connect();
}

/** Restarts the local cluster (the newest version in /etc/postgresql) and waits until it answers again. */
async function restartPostgres() {
  const version = fs
    .readdirSync("/etc/postgresql")
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)!;
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"], {
    stdio: "inherit",
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await connectAdmin();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
const DELAY_MS = 300;
// With 2 workers × 4 concurrent runs of ≥ 300 ms each, 60 runs take a few seconds; CRASH_RUNS=2000 ≈ 90 s.

type Proc = Spawned;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let handle: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let server: http.Server;
let port = 0;
const hits = new Map<string, number>();
const procs: Proc[] = [];

async function startWorker(name: string): Promise<Proc> {
  const env = getEnv(); // same DATA_DIR and secrets as this process, so credentials decrypt in the workers
  const proc = await spawnTsx(
    "scripts/worker.ts",
    {
      DATABASE_URL: scratch.url,
      DATA_DIR: env.DATA_DIR,
      WORKSPACE_KEY: env.WORKSPACE_KEY,
      WORKSPACE_SECRET: env.WORKSPACE_SECRET,
      WORKER_CONCURRENCY: "4",
      WORKER_HEARTBEAT_MS: "250",
      WORKER_STALE_SECONDS: "3",
      WORKER_POLL_MS: "50",
      WORKER_SCHEDULES: "off",
      WORKER_STOP_DEADLINE_MS: "5000",
      RUN_MAX_ATTEMPTS: "5",
    },
    "started (",
    name,
  );
  procs.push(proc);
  return proc;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [r] = await rows<{ n: string | number }>(db, query);
  return Number(r.n);
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  // A query may fail right after connections were cut (a pooled connection not yet noticed as dead).
  while (!(await cond().catch(() => false))) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}\n${procs.flatMap((p) => p.out).join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase("flowdeck_crash");
  adminUrl = new URL(scratch.url);
  adminUrl.pathname = "/postgres";
  await connectAdmin();
  handle = await openTestDb(scratch.url);
  db = handle.db;
  server = http.createServer((req, res) => {
    const i = new URL(req.url ?? "/", "http://x").searchParams.get("i") ?? "?";
    hits.set(i, (hits.get(i) ?? 0) + 1);
    const timer = setTimeout(() => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, i: Number(i) }));
    }, DELAY_MS);
    req.on("close", () => res.writableEnded || clearTimeout(timer));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await Promise.all(procs.map((p) => p.exited));
  await handle?.close().catch(() => undefined);
  await adminClient?.end().catch(() => undefined);
  await new Promise((r) => server?.close(r));
  await scratch?.drop();
});

const nodes = (): FlowNodes => ({
  trigger: {
    type: "api-trigger",
    config: { inputSchema: { type: "object", properties: { i: { type: "number" } } } },
    links: [{ key: "slow" }],
  },
  slow: {
    type: "custom-http-request",
    config: {
      url: {
        $tpl: {
          template: `http://127.0.0.1:${port}/slow?i={{i}}`,
          values: { i: { $var: "$.input.trigger.i" } },
        },
      },
      timeout: 10_000,
    },
    links: [{ key: "done" }],
  },
  done: { type: "transform-data", config: { output: { i: { $var: "$.input.slow.data.i" } } } },
});

/** A flow instance with RUNS queued runs whose inputs are offset … offset + RUNS - 1. */
async function queueRuns(offset: number): Promise<string> {
  const t = await makeTenant(db, nodes());
  const instance = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  for (let i = offset; i < offset + RUNS; i++)
    await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id, input: { i } } });
  return instance.id;
}

const openRuns = sql`SELECT count(*) AS n FROM flow_runs WHERE state IN ('queued', 'running')`;

/** Every run of the instance completed exactly once, with the node runs of one attempt; returns the runs. */
async function expectExactlyOnce(instanceId: string, offset: number) {
  await waitFor("all runs to finish", async () => (await count(openRuns)) === 0, 30_000 + RUNS * 300);
  const runs = await rows<{
    id: string;
    state: string;
    attempts: number;
    nodes: Record<string, { runs: number }>;
    output: unknown;
  }>(
    db,
    sql`SELECT id, state, attempts, nodes, output FROM flow_runs WHERE flow_instance_id = ${instanceId}`,
  );
  expect(runs).toHaveLength(RUNS);
  // Every run is terminal; nothing here can legitimately fail, so every run completed.
  expect(runs.filter((r) => r.state !== "completed").map((r) => `${r.id}:${r.state}`)).toEqual([]);

  // Exactly one node run per node for each completed run (the node runs of a dead or cut-off attempt were
  // discarded), and the run's counters agree with the stored node runs.
  const perNode = await rows<{ flow_run_id: string; node_key: string; n: string | number }>(
    db,
    sql`SELECT nr.flow_run_id, nr.node_key, count(*) AS n FROM node_runs nr
        JOIN flow_runs fr ON fr.id = nr.flow_run_id WHERE fr.flow_instance_id = ${instanceId}
        GROUP BY nr.flow_run_id, nr.node_key`,
  );
  const byRun = new Map<string, Record<string, number>>();
  for (const r of perNode)
    (byRun.get(r.flow_run_id) ?? byRun.set(r.flow_run_id, {}).get(r.flow_run_id)!)[r.node_key] = Number(r.n);
  for (const run of runs) {
    expect(byRun.get(run.id), `node runs of ${run.id}`).toEqual({ trigger: 1, slow: 1, done: 1 });
    expect(Object.fromEntries(Object.entries(run.nodes).map(([k, v]) => [k, v.runs]))).toEqual({
      trigger: 1,
      slow: 1,
      done: 1,
    });
  }
  // Outputs belong to the right run (no mix-up between attempts).
  expect(new Set(runs.map((r) => (r.output as { i: number }).i))).toEqual(
    new Set(Array.from({ length: RUNS }, (_, k) => offset + k)),
  );
  // No node run without its flow run.
  expect(
    await count(
      sql`SELECT count(*) AS n FROM node_runs nr LEFT JOIN flow_runs fr ON fr.id = nr.flow_run_id WHERE fr.id IS NULL`,
    ),
  ).toBe(0);
  // Side effects are at-least-once: every run's request reached the server.
  for (let i = offset; i < offset + RUNS; i++)
    expect(hits.get(String(i)) ?? 0, `requests for run ${i}`).toBeGreaterThanOrEqual(1);
  const repeated = Array.from({ length: RUNS }, (_, k) => hits.get(String(offset + k)) ?? 0).filter(
    (n) => n > 1,
  ).length;
  return { runs, repeated };
}

describe("chaos (PostgreSQL, graphile-worker, 2 worker processes)", () => {
  let victim: Proc;

  it(
    "kill -9 of a worker mid-flight: every run ends exactly once, no duplicate or orphaned node runs",
    { timeout: 60_000 + RUNS * 400 },
    async () => {
      const instanceId = await queueRuns(0);
      [victim] = await Promise.all([startWorker("worker-a"), startWorker("worker-b")]);
      const victimRuns = sql`SELECT count(*) AS n FROM flow_runs WHERE state = 'running' AND worker_id LIKE ${`%:${victim.pid}:%`}`;
      // Kill worker-a while it holds runs, after some runs already completed.
      await waitFor(
        "worker-a to be mid-flight",
        async () =>
          (await count(sql`SELECT count(*) AS n FROM flow_runs WHERE state = 'completed'`)) >= 8 &&
          (await count(victimRuns)) > 0,
        60_000,
      );
      const orphaned = await count(victimRuns);
      victim.child.kill("SIGKILL");
      expect(await victim.exited).toBeNull(); // died by signal
      await startWorker("worker-a2");

      const { runs, repeated } = await expectExactlyOnce(instanceId, 0);
      // The killed worker's runs were retried by another worker.
      const retried = runs.filter((r) => r.attempts > 1);
      expect(orphaned).toBeGreaterThan(0);
      expect(retried.length).toBeGreaterThanOrEqual(1);
      console.log(
        `[chaos] kill -9: ${RUNS} runs; killed worker held ${orphaned}; retried ${retried.length}; side effects repeated for ${repeated}`,
      );
      expect(repeated).toBeLessThanOrEqual(retried.length);
    },
  );

  it(
    RESTART
      ? "database restarted mid-flight: workers reconnect, every run ends exactly once"
      : "database connections cut mid-flight (as in a restart): workers reconnect, every run ends exactly once",
    { timeout: 60_000 + RUNS * 400 },
    async () => {
      const offset = 1_000_000;
      const alive = procs.filter((p) => p !== victim);
      const instanceId = await queueRuns(offset);
      const done = sql`SELECT count(*) AS n FROM flow_runs WHERE state = 'completed' AND flow_instance_id = ${instanceId}`;
      const running = sql`SELECT count(*) AS n FROM flow_runs WHERE state = 'running' AND flow_instance_id = ${instanceId}`;
      const cut = async () => {
        const r = await adminClient.query(
          "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [scratch.name],
        );
        return Number(r.rows[0].n);
      };
      await waitFor(
        "runs to be mid-flight",
        async () => (await count(done)) >= 8 && (await count(running)) > 0,
        60_000,
      );
      let cut1 = 0;
      let cut2 = 0;
      if (RESTART) {
        await restartPostgres();
      } else {
        cut1 = await cut();
        await new Promise((r) => setTimeout(r, 300));
        cut2 = await cut();
        // Connections of both workers (pools, LISTEN) and of this test were terminated.
        expect(cut1).toBeGreaterThanOrEqual(4);
      }
      // Right after a restart the test's own pool may still hand out a connection that died with it.
      let before = -1;
      await waitFor(
        "the database to answer",
        async () => {
          before = await count(done);
          return true;
        },
        30_000,
      );
      const { runs, repeated } = await expectExactlyOnce(instanceId, offset);
      // The workers carried on after the cut: more runs completed, and both are still alive.
      expect(runs.length).toBeGreaterThan(before);
      expect(
        alive.map((p) => p.child.exitCode),
        alive.flatMap((p) => p.out).join("\n"),
      ).toEqual(alive.map(() => null));
      const retried = runs.filter((r) => r.attempts > 1).length;
      console.log(
        `[chaos] ${RESTART ? "database restarted" : `connections cut (${cut1} + ${cut2} backends)`}: ${RUNS} runs; ${before} runs done before; retried ${retried}; side effects repeated for ${repeated}`,
      );

      // Graceful shutdown of the survivors: SIGTERM → exit 0, nothing left running.
      for (const p of alive) p.child.kill("SIGTERM");
      expect(await Promise.all(alive.map((p) => p.exited))).toEqual(alive.map(() => 0));
      expect(await count(sql`SELECT count(*) AS n FROM flow_runs WHERE state = 'running'`)).toBe(0);
    },
  );
});
