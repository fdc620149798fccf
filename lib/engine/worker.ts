import os from "node:os";
import crypto from "node:crypto";
import type { Runner } from "graphile-worker";
import type pg from "pg";
import { postgresUrlOf, type Db } from "../db/client";
import type { FlowRunRow } from "../db/schema";
import { bus, notifyRunFinished } from "./bus";
import { batcher } from "./batcher";
import { executeRun, type ExecuteOptions } from "./executor";
import {
  claimRuns,
  claimRunsById,
  heartbeat,
  releaseRuns,
  requeueJoblessRuns,
  sweepStaleRuns,
} from "./run-store";
import { pruneOldRuns } from "./retention";

export type WorkerOptions = {
  db: Db;
  concurrency: number;
  maxAttempts: number;
  env: ExecuteOptions["env"];
  retentionDays: number;
  /**
   * Embedded (PGlite): how often the queue is polled besides the in-process wake-up. PostgreSQL:
   * graphile-worker's `pollInterval` (it LISTENs for new jobs, so polling is only the fallback).
   */
  pollMs?: number;
  heartbeatMs?: number;
  staleSeconds?: number;
  /**
   * Queues the runs of schedule triggers due at `now` (lib/services/flow-runs/fire-schedules.ts), handed
   * in by the composition root so the engine does not import the services. Without it, this worker
   * fires no schedules (and, on PostgreSQL, neither registers graphile's crontab entry nor its task).
   */
  fireSchedules?: (db: Db, now: Date) => Promise<number>;
  /**
   * PostgreSQL: the connection string of the job queue (graphile-worker). Defaults to the URL of `db`
   * when lib/db/client.ts opened it on PostgreSQL. Ignored on PGlite, which has no job queue.
   */
  queueUrl?: string;
  /** PostgreSQL: jobs fetched (and locked) per query; default 2 × concurrency. */
  localQueueSize?: number;
  /**
   * PostgreSQL: the worker's own writes (claims, node runs, finishes, heartbeats, job completion) commit
   * with `synchronous_commit = off` (default true): no wait for the WAL flush. A crash of the database
   * server may lose the last ~0.6 s of them; such a run is then still `running` without heartbeats and
   * is retried by the sweeper (at-least-once, as after a worker crash). Runs are still queued (inserted)
   * through the app's durable connections.
   */
  asyncCommit?: boolean;
};

/**
 * Executes queued runs. Two ways to get them, one execution path:
 *
 * - PostgreSQL: a graphile-worker runner. Every queued run has a `run_flow` job (added by a trigger in
 *   the run's transaction, see lib/db/queue.ts); the task claims that run (fenced by run id, worker id
 *   and attempt) and executes it. A job for a run that is no longer queued is a no-op. Schedules fire
 *   from graphile's distributed crontab (once per minute across all workers).
 * - Embedded (PGlite, single process): the worker claims queued runs from `flow_runs` itself, woken by
 *   the in-process bus and a poll.
 *
 * Both heartbeat their running runs and sweep stale ones (graphile only unlocks the jobs of a crashed
 * worker after 4 hours; our sweeper requeues its runs after `staleSeconds`, which adds fresh jobs).
 */
export class Worker {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  private active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private timers: NodeJS.Timeout[] = [];
  private claiming = false;
  private again = false;
  private stopping = false;
  private onQueued = () => void this.kick();
  private onStop = (runId: string) => this.active.get(runId)?.controller.abort();
  private queue?: Promise<{ runner: Runner; pool: pg.Pool } | undefined>;
  /** PostgreSQL: at most `concurrency` runs at once, whatever the number of jobs they came in. */
  private slots: Semaphore;
  /** Where this worker's engine writes go: its own pool on PostgreSQL (once started), else opts.db. */
  private execDb: Db;

  constructor(private opts: WorkerOptions) {
    this.execDb = opts.db;
    this.slots = new Semaphore(opts.concurrency);
  }

  /** "queue" on PostgreSQL (graphile-worker jobs), "embedded" on PGlite (claims from flow_runs). */
  get mode(): "queue" | "embedded" {
    return this.queueUrl ? "queue" : "embedded";
  }

  private get queueUrl() {
    return this.opts.queueUrl ?? postgresUrlOf(this.opts.db);
  }

  start() {
    bus.on("stop-requested", this.onStop);
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => fn().catch((e) => console.error("[worker]", (e as Error).message)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.heartbeatMs ?? 2000, () => this.beat());
    every(10_000, () => this.sweep());
    void this.sweep().catch(() => {});
    const url = this.queueUrl;
    if (url) {
      this.queue = this.startQueue(url);
      this.queue.catch((err) =>
        console.error("[worker] cannot start the job queue runner:", (err as Error).message),
      );
    } else {
      bus.on("run-queued", this.onQueued);
      every(this.opts.pollMs ?? 500, () => this.kick());
      const fire = this.opts.fireSchedules;
      if (fire) every(15_000, () => fire(this.opts.db, new Date()));
      every(3_600_000, () => pruneOldRuns(this.opts.db, this.opts.retentionDays));
      void this.kick();
    }
    return this;
  }

  /** Resolves once the job-queue runner is running (PostgreSQL; rejects if it cannot start); at once on PGlite. */
  async ready(): Promise<void> {
    await this.queue;
  }

  get activeCount() {
    return this.active.size;
  }

  private async sweep() {
    const staleSeconds = this.opts.staleSeconds ?? 30;
    await sweepStaleRuns(this.execDb, staleSeconds, this.opts.maxAttempts);
    if (this.queueUrl) await requeueJoblessRuns(this.execDb, staleSeconds);
  }

  private async startQueue(connectionString: string) {
    const [{ run }, pgMod, { quietGraphileLogger, RUN_TASK, SCHEDULES_TASK }] = await Promise.all([
      import("graphile-worker"),
      import("pg"),
      import("../db/queue"),
    ]);
    const concurrency = this.opts.concurrency;
    const pool = new pgMod.default.Pool({
      connectionString,
      // graphile warns when its pool is smaller than its concurrency; most jobs wait on the run slots.
      max: Math.max(4, Math.min(concurrency + 2, 32)),
      ...(this.opts.asyncCommit === false ? {} : { options: "-c synchronous_commit=off" }),
    });
    pool.on("error", (err) => console.error("[worker] queue connection error:", err.message));
    pool.on("connect", (client) =>
      client.on("error", (err) => console.error("[worker] queue client error:", err.message)),
    );
    const fireSchedules = this.opts.fireSchedules;
    const crontab = [
      ...(this.opts.fireSchedules ? [`* * * * * ${SCHEDULES_TASK}`] : []),
      ...(this.opts.retentionDays > 0 ? ["17 * * * * prune_runs"] : []),
    ].join("\n");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const schema = await import("../db/schema");
    this.execDb = drizzle(pool, { schema }) as unknown as Db;
    const localQueueSize = this.opts.localQueueSize ?? concurrency * 2;
    const runner = await run({
      pgPool: pool,
      concurrency,
      noHandleSignals: true,
      pollInterval: this.opts.pollMs ?? 2000,
      logger: await quietGraphileLogger("[worker] queue:"),
      crontab,
      preset: {
        worker: {
          // Lock and fetch several jobs per query; complete finished jobs in batches.
          ...(localQueueSize > 1 ? { localQueue: { size: localQueueSize } } : {}),
          completeJobBatchDelay: 5,
          failJobBatchDelay: 5,
          // Our own deadline (stop()) decides when running runs are handed back.
          gracefulShutdownAbortTimeout: 3_600_000,
        },
      },
      taskList: {
        [RUN_TASK]: async (payload) => {
          // `{runIds}`: runs inserted together; `{runId}`: a requeued run (see lib/db/queue.ts).
          const p = payload as { runId?: unknown; runIds?: unknown } | null;
          const ids = (Array.isArray(p?.runIds) ? p.runIds : [p?.runId]).filter(
            (id): id is string => typeof id === "string",
          );
          let left = 0;
          await Promise.all(
            ids.map(async (id) => {
              const release = await this.slots.acquire();
              try {
                if (this.stopping) return void left++;
                const run = await this.claimOne(id);
                // Finished, stopped, or claimed through another job meanwhile: nothing to do.
                if (run) await this.launch(run);
              } finally {
                release();
              }
            }),
          );
          // Runs not claimed because this worker is stopping stay queued; failing the job has graphile
          // retry it (on any worker), and the sweeper would give them a job anyway.
          if (left) throw new Error(`worker stopping: ${left} run(s) left for another worker`);
        },
        ...(fireSchedules && {
          [SCHEDULES_TASK]: async (payload: unknown) => {
            const ts = (payload as { _cron?: { ts?: string } } | null)?._cron?.ts;
            await fireSchedules(this.opts.db, ts ? new Date(ts) : new Date());
          },
        }),
        prune_runs: async () => {
          await pruneOldRuns(this.opts.db, this.opts.retentionDays);
        },
      },
    });
    runner.promise.catch((err) => console.error("[worker] job queue runner failed:", (err as Error).message));
    if (this.stopping) {
      await runner.stop().catch(() => undefined);
      await pool.end().catch(() => undefined);
      return undefined;
    }
    return { runner, pool };
  }

  /** Claims one run for a job; claims of jobs started meanwhile share a statement (see batcher.ts). */
  private claimOne = batcher(
    "claim",
    async (ids: string[]) => {
      const claimed = await claimRunsById(this.execDb, this.id, ids);
      const byId = new Map(claimed.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    100,
  );

  async kick(): Promise<void> {
    if (this.stopping || this.mode === "queue") return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.again = false;
        const free = this.opts.concurrency - this.active.size;
        if (free <= 0) break;
        const runs = await claimRuns(this.opts.db, this.id, free);
        for (const run of runs) void this.launch(run);
        if (runs.length === free) this.again = true;
      } while (this.again && !this.stopping);
    } catch (err) {
      console.error("[worker] claim failed:", (err as Error).message);
    } finally {
      this.claiming = false;
    }
  }

  /** Executes a claimed run; resolves when it is finished (or handed back), never rejects. */
  private launch(run: FlowRunRow): Promise<unknown> {
    const controller = new AbortController();
    if (run.stopRequested) controller.abort();
    const done = executeRun({
      db: this.execDb,
      run,
      workerId: this.id,
      signal: controller.signal,
      env: this.opts.env,
    })
      .then((finished) => finished && notifyRunFinished(finished.id, finished.state))
      .catch((err) => console.error(`[worker] run ${run.id} crashed:`, (err as Error).message))
      .finally(() => {
        this.active.delete(run.id);
        void this.kick();
      });
    this.active.set(run.id, { controller, done });
    return done;
  }

  private async beat() {
    const stop = await heartbeat(this.execDb, this.id, [...this.active.keys()]);
    for (const id of stop) this.active.get(id)?.controller.abort();
  }

  /**
   * Graceful shutdown: stop claiming (the queue runner stops fetching jobs and returns the ones it had
   * fetched but not started), let running runs finish until the deadline, then hand back the rest
   * (`queued` again, attempt not counted; on PostgreSQL that adds a fresh job for another worker).
   */
  async stop(deadlineMs = 10_000) {
    if (this.stopping) return;
    this.stopping = true;
    bus.off("run-queued", this.onQueued);
    bus.off("stop-requested", this.onStop);
    for (const t of this.timers) clearInterval(t);
    const queue = await this.queue?.catch(() => undefined);
    const stopped = queue?.runner.stop().catch((err) => {
      console.error("[worker] stopping the job queue runner:", (err as Error).message);
    });
    const all = Promise.allSettled([...this.active.values()].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
    const left = [...this.active.keys()];
    if (left.length) {
      await releaseRuns(this.execDb, this.id, left).catch((err) =>
        console.error("[worker] handing back runs failed:", (err as Error).message),
      );
      for (const a of this.active.values()) a.controller.abort();
      await Promise.allSettled([...this.active.values()].map((a) => a.done));
    }
    await stopped;
    await queue?.pool.end().catch(() => undefined);
  }
}

/** A counting semaphore: `acquire` resolves with a release function once one of `size` slots is free. */
class Semaphore {
  private waiting: (() => void)[] = [];
  private used = 0;
  constructor(private size: number) {}
  async acquire(): Promise<() => void> {
    if (this.used >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.used--;
    };
  }
}
