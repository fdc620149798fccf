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
  private onQueued = () => void this.kick();

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
    void this.kick();
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
