import type { Db } from "../../db/types";
import type { ClaimedRun } from "../store/claims";

// How a worker gets its runs. Two implementations, one execution path (worker.ts):
// - embedded.ts (PGlite, one process): claims queued runs from flow_runs itself, woken by the
//   in-process bus and a poll;
// - graphile.ts (PostgreSQL): a graphile-worker runner whose `run_flow` jobs name the runs to claim.

/** What a queue provider needs of the worker it feeds. */
export interface QueueHost {
  readonly workerId: string;
  readonly concurrency: number;
  /** Runs this worker executes now. */
  readonly activeCount: number;
  readonly stopping: boolean;
  /** Executes a claimed run; resolves once it ended or was handed back, never rejects. */
  launch(run: ClaimedRun): Promise<unknown>;
}

export interface QueueProvider {
  readonly mode: "queue" | "embedded";
  /** Where the engine's writes go: on PostgreSQL the provider's own pool once started. */
  readonly db: Db;
  start(host: QueueHost): void;
  /** Resolves once runs can arrive (rejects if the queue cannot start). */
  ready(): Promise<void>;
  /** A run of this worker ended: room for another. */
  slotFreed(): void;
  /** The provider's part of the sweep (PostgreSQL: queued runs whose job will never run). */
  sweep(staleSeconds: number): Promise<void>;
  /** Stops fetching; resolves once no more runs arrive (runs in flight are the worker's business). */
  stop(): Promise<void>;
  /** After the last run ended or was handed back: closes the provider's connections. */
  close(): Promise<void>;
}

/** Repeats `fn` every `ms` (errors logged, the process not held open); returns the timer. */
export function every(ms: number, fn: () => Promise<unknown>): NodeJS.Timeout {
  const t = setInterval(() => fn().catch((e) => console.error("[worker]", (e as Error).message)), ms);
  t.unref();
  return t;
}
