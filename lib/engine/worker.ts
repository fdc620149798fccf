import os from "node:os";
import crypto from "node:crypto";
import { postgresUrlOf, type Db } from "../db/client";
import type { FlowRunRow } from "../db/schema";
import { bus, notifyRunFinished } from "./bus";
import { executeRun, type ExecuteOptions } from "./executor";
import { claimRuns, heartbeat, releaseRuns, sweepStaleRuns } from "./run-store";
import { fireSchedules } from "./scheduler";
import { pruneOldRuns } from "./retention";

export type WorkerOptions = {
  db: Db;
  concurrency: number;
  maxAttempts: number;
  env: ExecuteOptions["env"];
  retentionDays: number;
  pollMs?: number;
  heartbeatMs?: number;
  staleSeconds?: number;
  schedules?: boolean;
  /**
   * PostgreSQL: LISTEN for `flowdeck_runs` notifications on a dedicated connection to this URL and claim
   * at once (polling stays as the fallback). Defaults to the URL of `db` when it was opened by
   * lib/db/client.ts on PostgreSQL; `false` turns it off (polling only). Ignored on PGlite.
   */
  listen?: string | false;
};

/**
 * Claims queued runs from the database and executes them. Several workers (in several processes)
 * may run against one PostgreSQL database: claiming uses FOR UPDATE SKIP LOCKED.
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
  private listener?: Promise<{ close: () => Promise<void> } | undefined>;

  constructor(private opts: WorkerOptions) {}

  start() {
    bus.on("run-queued", this.onQueued);
    bus.on("stop-requested", this.onStop);
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => fn().catch((e) => console.error("[worker]", (e as Error).message)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.pollMs ?? 500, () => this.kick());
    every(this.opts.heartbeatMs ?? 2000, () => this.beat());
    every(10_000, () => sweepStaleRuns(this.opts.db, this.opts.staleSeconds ?? 30, this.opts.maxAttempts));
    if (this.opts.schedules !== false) every(15_000, () => fireSchedules(this.opts.db, new Date()));
    every(3_600_000, () => pruneOldRuns(this.opts.db, this.opts.retentionDays));
    void sweepStaleRuns(this.opts.db, this.opts.staleSeconds ?? 30, this.opts.maxAttempts).catch(() => {});
    const listenUrl =
      this.opts.listen === false ? undefined : (this.opts.listen ?? postgresUrlOf(this.opts.db));
    if (listenUrl) {
      this.listener = import("./pg-notify")
        .then((m) => m.listenForRuns(listenUrl, () => void this.kick()))
        .catch((err) => {
          console.error("[worker] cannot LISTEN, polling only:", (err as Error).message);
          return undefined;
        });
    }
    void this.kick();
    return this;
  }

  get activeCount() {
    return this.active.size;
  }

  async kick(): Promise<void> {
    if (this.stopping) return;
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
        for (const run of runs) this.launch(run);
        if (runs.length === free) this.again = true;
      } while (this.again && !this.stopping);
    } catch (err) {
      console.error("[worker] claim failed:", (err as Error).message);
    } finally {
      this.claiming = false;
    }
  }

  private launch(run: FlowRunRow) {
    const controller = new AbortController();
    if (run.stopRequested) controller.abort();
    const done = executeRun({
      db: this.opts.db,
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
  }

  private async beat() {
    const stop = await heartbeat(this.opts.db, this.id, [...this.active.keys()]);
    for (const id of stop) this.active.get(id)?.controller.abort();
  }

  /** Graceful shutdown: stop claiming, let running runs finish until the deadline, hand back the rest. */
  async stop(deadlineMs = 10_000) {
    this.stopping = true;
    bus.off("run-queued", this.onQueued);
    bus.off("stop-requested", this.onStop);
    for (const t of this.timers) clearInterval(t);
    await (await this.listener)?.close();
    const all = Promise.allSettled([...this.active.values()].map((a) => a.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, deadlineMs))]);
    await releaseRuns(this.opts.db, this.id, [...this.active.keys()]);
    for (const a of this.active.values()) a.controller.abort();
  }
}
