import type { Runner } from "graphile-worker";
import type pg from "pg";
import type { Db } from "../../db/types";
import { quietGraphileLogger, requeueJoblessRuns, RUN_TASK, SCHEDULES_TASK } from "../../db/queue";
import { batcher } from "../batcher";
import { claimRunsById } from "../store/claims";
import { pruneOldRuns } from "../store/retention";
import type { QueueHost, QueueProvider } from "./provider";

export type GraphileQueueOptions = {
  /** The app's database (schedules fire through it); the engine writes through the queue's own pool. */
  db: Db;
  connectionString: string;
  concurrency: number;
  pollMs: number;
  retentionDays: number;
  localQueueSize?: number;
  asyncCommit?: boolean;
  fireSchedules?: (db: Db, now: Date) => Promise<number>;
};

/**
 * PostgreSQL: a graphile-worker runner. Every queued run has a `run_flow` job (added by a trigger in the
 * run's transaction, see lib/db/queue.ts); the task claims that run (fenced by run id, worker id and
 * attempt) and executes it. A job for a run that is no longer queued is a no-op. Schedules fire from
 * graphile's distributed crontab (once per minute across all workers).
 */
export class GraphileQueue implements QueueProvider {
  readonly mode = "queue";
  /** The engine's writes: the queue's own pool once started (its connections may commit asynchronously). */
  db: Db;
  private host?: QueueHost;
  private started?: Promise<{ runner: Runner; pool: pg.Pool } | undefined>;
  /** At most `concurrency` runs at once, whatever the number of jobs they came in. */
  private slots: Semaphore;

  constructor(private opts: GraphileQueueOptions) {
    this.db = opts.db;
    this.slots = new Semaphore(opts.concurrency);
  }

  start(host: QueueHost) {
    this.host = host;
    this.started = this.startRunner(host);
    this.started.catch((err) =>
      console.error("[worker] cannot start the job queue runner:", (err as Error).message),
    );
  }

  async ready() {
    await this.started;
  }

  slotFreed() {}

  async sweep(staleSeconds: number) {
    await requeueJoblessRuns(this.db, staleSeconds);
  }

  private stopped?: Promise<void>;
  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      const started = await this.started?.catch(() => undefined);
      await started?.runner.stop().catch((err) => {
        console.error("[worker] stopping the job queue runner:", (err as Error).message);
      });
    })());
  }

  async close() {
    await this.stop();
    const started = await this.started?.catch(() => undefined);
    await started?.pool.end().catch(() => undefined);
  }

  private async startRunner(host: QueueHost) {
    const [{ run }, pgMod] = await Promise.all([import("graphile-worker"), import("pg")]);
    const { concurrency, fireSchedules } = this.opts;
    const pool = new pgMod.default.Pool({
      connectionString: this.opts.connectionString,
      // graphile warns when its pool is smaller than its concurrency; most jobs wait on the run slots.
      max: Math.max(4, Math.min(concurrency + 2, 32)),
      ...(this.opts.asyncCommit === false ? {} : { options: "-c synchronous_commit=off" }),
    });
    pool.on("error", (err) => console.error("[worker] queue connection error:", err.message));
    pool.on("connect", (client) =>
      client.on("error", (err) => console.error("[worker] queue client error:", err.message)),
    );
    const crontab = [
      ...(fireSchedules ? [`* * * * * ${SCHEDULES_TASK}`] : []),
      ...(this.opts.retentionDays > 0 ? ["17 * * * * prune_runs"] : []),
    ].join("\n");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const schema = await import("../../db/schema");
    this.db = drizzle(pool, { schema }) as unknown as Db;
    const localQueueSize = this.opts.localQueueSize ?? concurrency * 2;
    const runner = await run({
      pgPool: pool,
      concurrency,
      noHandleSignals: true,
      pollInterval: this.opts.pollMs,
      logger: await quietGraphileLogger("[worker] queue:"),
      crontab,
      preset: {
        worker: {
          // Lock and fetch several jobs per query; complete finished jobs in batches.
          ...(localQueueSize > 1 ? { localQueue: { size: localQueueSize } } : {}),
          completeJobBatchDelay: 5,
          failJobBatchDelay: 5,
          // Our own deadline (Worker.stop) decides when running runs are handed back.
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
                if (host.stopping) return void left++;
                const run = await this.claimOne(id);
                // Finished, stopped, or claimed through another job meanwhile: nothing to do.
                if (run) await host.launch(run);
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
    if (host.stopping) {
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
      const claimed = await claimRunsById(this.db, this.host!.workerId, ids);
      const byId = new Map(claimed.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    100,
  );
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
