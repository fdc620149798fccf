// The graphile-worker path (PostgreSQL, own scratch database).
//
// Graceful shutdown of an app server's in-process worker: on SIGTERM it stops claiming, lets
// running runs finish until WORKER_STOP_DEADLINE_MS and hands back the rest — `queued` again, attempt not
// counted, with a fresh queue job — before the process exits, also when Next.js's own SIGTERM handler
// calls process.exit first. Another worker then finishes the handed-back runs.
//
// Schedules: graphile's crontab adds a `fire_schedules` job once per minute across all workers; the task
// queues the due schedule runs (deduplicated per tick), which run as `run_flow` jobs.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestDb, rows, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { flowRuns } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import type { FlowNodes } from "@/lib/core/flow";
import { engineFireSchedules } from "@/lib/server/boot";
import { makeTenant, makeTenantWithInstance, startTestWorker, testWorkerEnv } from "@/tests/helpers";
import { createScratchDatabase, spawnTsx } from "./pg";

// Worker processes of these tests use the app's generated secrets, so workers here use them too.
const appEnv = () => ({
  ...testWorkerEnv,
  workspaceKey: getEnv().WORKSPACE_KEY,
  workspaceSecret: getEnv().WORKSPACE_SECRET,
});

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let handle: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let server: http.Server;
let port = 0;

beforeAll(async () => {
  scratch = await createScratchDatabase("flowdeck_shutdown");
  handle = await openTestDb(scratch.url);
  db = handle.db;
  // Answers after ?ms= milliseconds (requests of aborted attempts are dropped).
  server = http.createServer((req, res) => {
    const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms") ?? 0);
    const timer = setTimeout(() => res.end(JSON.stringify({ ok: true })), ms);
    req.on("close", () => res.writableEnded || clearTimeout(timer));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await handle?.close().catch(() => undefined);
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await scratch?.drop();
});

async function queueRuns(n: number, ms: number) {
  const nodes: FlowNodes = {
    trigger: { type: "api-trigger", links: [{ key: "wait" }] },
    wait: {
      type: "custom-http-request",
      config: { url: `http://127.0.0.1:${port}/?ms=${ms}`, timeout: 60_000 },
    },
  };
  const t = await makeTenant(db, nodes);
  const instance = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } }))!.id);
  return ids;
}

const states = (ids: string[]) =>
  rows<{ id: string; state: string; attempts: number; worker_id: string | null; jobs: number }>(
    db,
    sql`SELECT fr.id, fr.state, fr.attempts, fr.worker_id,
               (SELECT count(*)::int FROM graphile_worker._private_jobs j
                WHERE j.key = 'run:' || fr.id AND j.locked_at IS NULL) AS jobs
        FROM flow_runs fr WHERE fr.id IN ${ids}`,
  );

async function bootAppServer(fakeNext: boolean) {
  const env = getEnv();
  return spawnTsx(
    "tests/engine/fixtures/app-server.ts",
    {
      DATABASE_URL: scratch.url,
      DATA_DIR: env.DATA_DIR,
      WORKSPACE_KEY: env.WORKSPACE_KEY,
      WORKSPACE_SECRET: env.WORKSPACE_SECRET,
      SEED_DEMO: "off",
      WORKER: "on",
      WORKER_CONCURRENCY: "4",
      WORKER_STOP_DEADLINE_MS: "1000",
      FAKE_NEXT_HANDLER: fakeNext ? "1" : "0",
    },
    "booted (worker queue)",
  );
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("app server SIGTERM (in-process worker, PostgreSQL)", () => {
  for (const fakeNext of [false, true]) {
    it(
      fakeNext
        ? "with Next.js's own SIGTERM handler calling process.exit: the exit waits for the hand-back"
        : "finishes short runs, hands back long ones, exits",
      { timeout: 60_000 },
      async () => {
        const app = await bootAppServer(fakeNext);
        const long = await queueRuns(2, 30_000);
        await waitFor("the long runs to be running", async () =>
          (await states(long)).every((r) => r.state === "running"),
        );
        const short = await queueRuns(2, 300);
        await waitFor("the short runs to be running", async () =>
          (await states(short)).every((r) => r.state === "running"),
        );
        app.child.kill("SIGTERM");
        expect(await app.exited).toBe(fakeNext ? 143 : 0);
        expect(app.out.join("")).toContain("worker stopped");

        // Short runs finished within the deadline; long ones were handed back: queued, attempt not
        // counted, no worker, and a job waiting for another worker.
        expect((await states(short)).map((r) => r.state)).toEqual(["completed", "completed"]);
        expect(
          (await states(long)).map(({ state, attempts, worker_id, jobs }) => ({
            state,
            attempts,
            worker_id,
            jobs,
          })),
        ).toEqual(long.map(() => ({ state: "queued", attempts: 0, worker_id: null, jobs: 1 })));

        // Another worker takes them over.
        const worker = startTestWorker(db, { env: appEnv() });
        try {
          await worker.ready();
          await waitFor("another worker to take the handed-back runs", async () =>
            (await states(long)).every((r) => r.state === "running" && r.attempts === 1),
          );
        } finally {
          await worker.stop(0);
        }
        expect((await states(long)).map((r) => r.state)).toEqual(["queued", "queued"]);
        // Handed back again by that worker's stop(0); end them so the next case starts from an empty queue.
        await db.execute(sql`UPDATE flow_runs SET state = 'stopped', end_time = now() WHERE id IN ${long}`);
      },
    );
  }
});

describe("schedules through graphile's crontab task", () => {
  it(
    "a fire_schedules job queues the tick's schedule runs once, even when two jobs run for the same tick",
    {
      timeout: 30_000,
    },
    async () => {
      const nodes: FlowNodes = {
        tick: { type: "schedule-trigger", config: { intervalMinutes: 1 }, links: [{ key: "shape" }] },
        shape: { type: "transform-data", config: { output: { at: { $var: "$.input.tick.scheduledAt" } } } },
      };
      const t = await makeTenant(db, nodes);
      const instance = await getFlowInstance({
        ctx: t.ctx,
        input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
      });
      const worker = startTestWorker(db, { env: appEnv(), fireSchedules: engineFireSchedules });
      try {
        await worker.ready();
        // What graphile's cron adds for the 12:00 tick (its payload carries the tick's time), twice.
        const ts = "2030-01-01T12:00:00.000Z";
        for (let i = 0; i < 2; i++)
          await db.execute(
            sql`SELECT graphile_worker.add_job('fire_schedules', json_build_object('_cron', json_build_object('ts', ${ts}::text)))`,
          );
        const runsOf = () => db.select().from(flowRuns).where(eq(flowRuns.flowInstanceId, instance.id));
        await waitFor("the scheduled run to complete", async () => {
          const runs = await runsOf();
          return runs.length > 0 && runs.every((r) => r.state === "completed");
        });
        await waitFor(
          "both fire_schedules jobs to be done",
          async () =>
            (
              await rows<{ n: number }>(
                db,
                sql`SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
                  JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'fire_schedules'`,
              )
            )[0].n === 0,
        );
        const runs = await runsOf();
        expect(runs).toHaveLength(1);
        expect(runs[0].launchedBy).toMatchObject({ type: "schedule-trigger", ids: ["tick"] });
        expect(runs[0].output).toEqual({ at: ts });
      } finally {
        await worker.stop(1000);
      }
    },
  );
});

describe("worker start-up checks", () => {
  it(
    "refuses to start with another WORKSPACE_SECRET than the app's, and starts with the app's",
    {
      timeout: 60_000,
    },
    async () => {
      // A connection with credentials encrypted with this process's (the app's) secret.
      await makeTenant(db, { trigger: { type: "api-trigger" } });
      const env = getEnv();
      const common = {
        DATABASE_URL: scratch.url,
        DATA_DIR: env.DATA_DIR,
        WORKSPACE_KEY: env.WORKSPACE_KEY,
        WORKER_SCHEDULES: "off",
      };
      await expect(
        spawnTsx(
          "scripts/worker.ts",
          { ...common, WORKSPACE_SECRET: "another-secret-0123456789abcdef" },
          "started (",
        ),
      ).rejects.toThrow(/cannot start: WORKSPACE_SECRET does not match/);

      const worker = await spawnTsx(
        "scripts/worker.ts",
        { ...common, WORKSPACE_SECRET: env.WORKSPACE_SECRET },
        "started (",
      );
      worker.child.kill("SIGTERM");
      const code = await worker.exited;
      expect(code, worker.out.join("\n") + " signal=" + worker.child.signalCode).toBe(0);
    },
  );
});

describe("run_flow jobs", () => {
  const jobsOf = () =>
    rows<{ payload: { runId?: string; runIds?: string[] }; key: string | null }>(
      db,
      sql`SELECT j.payload, j.key FROM graphile_worker._private_jobs j
          JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'run_flow'
          ORDER BY j.id`,
    );

  it(
    "runs inserted together share jobs of up to RUNS_PER_JOB; the sweeper gives runs of a dead worker's job jobs of their own",
    { timeout: 30_000 },
    async () => {
      const { RUNS_PER_JOB } = await import("@/lib/db/queue");
      const { requeueJoblessRuns } = await import("@/lib/db/queue");
      const { inst: instance, ...t } = await makeTenantWithInstance(db, { trigger: { type: "api-trigger" } });
      await db.execute(sql`DELETE FROM graphile_worker._private_jobs`);
      // Concurrent creates are group-committed: one insert statement, so shared jobs.
      const n = RUNS_PER_JOB + 3;
      const ids = (
        await Promise.all(
          Array.from({ length: n }, () =>
            createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } }),
          ),
        )
      ).map((r) => r!.id);
      const jobs = await jobsOf();
      expect(jobs.map((j) => j.payload.runIds?.length)).toEqual([RUNS_PER_JOB, 3]);
      expect(jobs.flatMap((j) => j.payload.runIds).sort()).toEqual([...ids].sort());
      expect(jobs.every((j) => j.key === null)).toBe(true);
      // Every queued run is covered by a live job: the sweeper adds nothing.
      expect(await requeueJoblessRuns(db, 30)).toBe(0);

      // A worker locked the jobs and died (graphile would not unlock them for 4 hours).
      await db.execute(
        sql`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 hour', locked_by = 'dead'`,
      );
      expect(await requeueJoblessRuns(db, 30)).toBe(n);
      const keyed = (await jobsOf()).filter((j) => j.key);
      expect(keyed.map((j) => j.payload.runId).sort()).toEqual([...ids].sort());
      expect(keyed.every((j) => j.key === `run:${j.payload.runId}`)).toBe(true);

      // A live worker runs each of them once (the dead worker's jobs stay locked).
      const worker = startTestWorker(db, { env: appEnv() });
      try {
        await worker.ready();
        await waitFor("the runs to complete", async () =>
          (await states(ids)).every((r) => r.state === "completed"),
        );
      } finally {
        await worker.stop(1000);
      }
      expect((await states(ids)).map((r) => r.attempts)).toEqual(ids.map(() => 1));
      await db.execute(sql`DELETE FROM graphile_worker._private_jobs`);
    },
  );
});
