import os from "node:os";
import crypto from "node:crypto";
import { postgresUrlOf, type Db } from "../db/client";
import type { FlowRunRow } from "../db/schema";
import { bus, notifyRunFinished } from "./bus";
import { noteRunFinished } from "./backlog";
import { executeRun, type ExecuteOptions } from "./executor";
import { releaseRuns } from "./store/claims";
import { heartbeat, sweepStaleRuns } from "./store/liveness";
import { every, type QueueHost, type QueueProvider } from "./queue/provider";
import { EmbeddedQueue } from "./queue/embedded";
import { GraphileQueue } from "./queue/graphile";

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

/** The queue provider for these options: graphile-worker on PostgreSQL, claims from flow_runs on PGlite. */
function queueFor(opts: WorkerOptions): QueueProvider {
  const url = opts.queueUrl ?? postgresUrlOf(opts.db);
  if (!url)
    return new EmbeddedQueue(opts.db, {
      pollMs: opts.pollMs ?? 500,
      retentionDays: opts.retentionDays,
      fireSchedules: opts.fireSchedules,
    });
  return new GraphileQueue({
    db: opts.db,
    connectionString: url,
    concurrency: opts.concurrency,
    pollMs: opts.pollMs ?? 2000,
    retentionDays: opts.retentionDays,
    localQueueSize: opts.localQueueSize,
    asyncCommit: opts.asyncCommit,
    fireSchedules: opts.fireSchedules,
  });
}

/**
 * Executes queued runs: gets them from its queue provider (queue/), executes each (executor.ts),
 * heartbeats its running runs and sweeps stale ones (graphile only unlocks the jobs of a crashed worker
 * after 4 hours; the sweeper requeues its runs after `staleSeconds`, which adds fresh jobs).
 */
export class Worker implements QueueHost {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  readonly concurrency: number;
  stopping = false;
  private active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private timers: NodeJS.Timeout[] = [];
  private onStop = (runId: string) => this.active.get(runId)?.controller.abort();
  private queue: QueueProvider;

  constructor(private opts: WorkerOptions) {
    this.concurrency = opts.concurrency;
    this.queue = queueFor(opts);
  }

  get workerId() {
    return this.id;
  }

  /** "queue" on PostgreSQL (graphile-worker jobs), "embedded" on PGlite (claims from flow_runs). */
  get mode(): "queue" | "embedded" {
    return this.queue.mode;
  }

  get activeCount() {
    return this.active.size;
  }

  start() {
    bus.on("stop-requested", this.onStop);
    this.timers.push(every(this.opts.heartbeatMs ?? 2000, () => this.beat()));
    this.timers.push(every(10_000, () => this.sweep()));
    void this.sweep().catch(() => {});
    this.queue.start(this);
    return this;
  }

  /** Resolves once the job-queue runner is running (PostgreSQL; rejects if it cannot start); at once on PGlite. */
  ready(): Promise<void> {
    return this.queue.ready();
  }

  private async sweep() {
    const staleSeconds = this.opts.staleSeconds ?? 30;
    await sweepStaleRuns(this.queue.db, staleSeconds, this.opts.maxAttempts);
    await this.queue.sweep(staleSeconds);
  }

  /** Executes a claimed run; resolves when it is finished (or handed back), never rejects. */
  launch(run: FlowRunRow): Promise<unknown> {
    const controller = new AbortController();
    if (run.stopRequested) controller.abort();
    const done = executeRun({
      db: this.queue.db,
      run,
      workerId: this.id,
      signal: controller.signal,
      env: this.opts.env,
    })
      .then((finished) => finished && notifyRunFinished(finished.id, finished.state))
      .catch((err) => console.error(`[worker] run ${run.id} crashed:`, (err as Error).message))
      .finally(() => {
        this.active.delete(run.id);
        noteRunFinished();
        this.queue.slotFreed();
      });
    this.active.set(run.id, { controller, done });
    return done;
  }

  private async beat() {
    const stop = await heartbeat(this.queue.db, this.id, [...this.active.keys()]);
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
    bus.off("stop-requested", this.onStop);
    for (const t of this.timers) clearInterval(t);
    // Not awaited yet: graphile's runner.stop() waits for its jobs, which wait for our runs.
    const stopped = this.queue.stop();
    const all = Promise.allSettled([...this.active.values()].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
    const left = [...this.active.keys()];
    if (left.length) {
      await releaseRuns(this.queue.db, this.id, left).catch((err) =>
        console.error("[worker] handing back runs failed:", (err as Error).message),
      );
      for (const a of this.active.values()) a.controller.abort();
      await Promise.allSettled([...this.active.values()].map((a) => a.done));
    }
    await stopped;
    await this.queue.close();
  }
}
