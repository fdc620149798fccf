import type { Db } from "../../db/types";
import { bus } from "../bus";
import { claimRuns } from "../store/claims";
import { pruneOldRuns } from "../store/retention";
import { every, type QueueHost, type QueueProvider } from "./provider";

/** Embedded (PGlite, single process): claims queued runs itself, woken by the bus and a poll. */
export class EmbeddedQueue implements QueueProvider {
  readonly mode = "embedded";
  private host?: QueueHost;
  private timers: NodeJS.Timeout[] = [];
  private claiming = false;
  private again = false;
  private kickScheduled = false;
  /**
   * Wake-ups (a run queued, a slot freed) within one turn of the event loop share one claim: a finish
   * statement frees the slots of all its runs at once, and an insert queues a batch of runs at once, so
   * claiming per signal would send one claim statement per freed slot.
   */
  private scheduleKick = () => {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      void this.kick();
    });
  };
  private onQueued = this.scheduleKick;

  constructor(
    readonly db: Db,
    private opts: {
      pollMs: number;
      retentionDays: number;
      fireSchedules?: (db: Db, now: Date) => Promise<number>;
    },
  ) {}

  start(host: QueueHost) {
    this.host = host;
    bus.on("run-queued", this.onQueued);
    this.timers.push(every(this.opts.pollMs, () => this.kick()));
    const fire = this.opts.fireSchedules;
    if (fire) this.timers.push(every(15_000, () => fire(this.db, new Date())));
    this.timers.push(every(3_600_000, () => pruneOldRuns(this.db, this.opts.retentionDays)));
    void this.kick();
  }

  async ready() {}

  slotFreed() {
    this.scheduleKick();
  }

  async sweep() {}

  async stop() {
    bus.off("run-queued", this.onQueued);
    for (const t of this.timers) clearInterval(t);
  }

  async close() {}

  /** Claims as many queued runs as there are free slots (a kick during a claim claims again after it). */
  async kick(): Promise<void> {
    const host = this.host;
    if (!host || host.stopping) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.again = false;
        const free = host.concurrency - host.activeCount;
        if (free <= 0) break;
        const runs = await claimRuns(this.db, host.workerId, free);
        for (const run of runs) void host.launch(run);
        if (runs.length === free) this.again = true;
      } while (this.again && !host.stopping);
    } catch (err) {
      console.error("[worker] claim failed:", (err as Error).message);
    } finally {
      this.claiming = false;
    }
  }
}
