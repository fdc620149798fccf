import type { DbOrTx } from "../db/client";
import { TooManyRequestsError } from "../core/errors";
import { countQueuedRuns } from "./store/liveness";

// Fair intake when one process both accepts runs over the API and executes them (WORKER=on): past
// RUN_BACKLOG_LIMIT queued runs the API answers 429 with Retry-After instead of queueing more, so the
// executor keeps its share of the process and the queue (and every run's wait) stays bounded. The backlog
// is the database's count of queued runs, re-read at most every RECOUNT_MS while runs are requested, plus
// the runs this process accepted since that count started (an over-estimate between counts: the worker
// drains meanwhile, so the bound errs towards refusing a little early, never towards growing).
const RECOUNT_MS = 250;

type State = {
  db?: DbOrTx;
  limit: number;
  counted: number;
  acceptedSinceCount: number;
  countedAt: number;
  counting?: Promise<void>;
  accepted: number;
  rejected: number;
};
const g = globalThis as unknown as { __flowdeckBacklog?: State };
const state: State = (g.__flowdeckBacklog ??= {
  limit: 0,
  counted: 0,
  acceptedSinceCount: 0,
  countedAt: 0,
  accepted: 0,
  rejected: 0,
});

/** Turns the bound on for this process (boot, when its worker runs); 0 turns it off. */
export function boundBacklog(db: DbOrTx, limit: number) {
  state.db = db;
  state.limit = limit;
  state.counted = 0;
  state.acceptedSinceCount = 0;
  state.countedAt = 0;
}

function recount() {
  const db = state.db;
  if (!db || state.counting) return state.counting;
  const started = state.acceptedSinceCount;
  state.counting = countQueuedRuns(db)
    .then((n) => {
      state.counted = n;
      // Runs accepted while the count ran may or may not be in it: keep them (over-estimate).
      state.acceptedSinceCount -= started;
      state.countedAt = Date.now();
    })
    .catch(() => undefined)
    .finally(() => (state.counting = undefined));
  return state.counting;
}

/**
 * Admits `n` runs into the queue or throws 429 (TooManyRequestsError with Retry-After) when the backlog is
 * at its bound. No bound (0, or the worker is off in this process): always admits.
 */
export async function admitRuns(n: number): Promise<void> {
  if (!state.limit || !state.db) return;
  // A stale count is re-read before deciding (requests arriving meanwhile share that read): deciding on
  // an old count would refuse the first requests after the queue drained.
  if (Date.now() - state.countedAt > RECOUNT_MS) await recount();
  if (state.counted + state.acceptedSinceCount + n > state.limit) {
    state.rejected += n;
    throw new TooManyRequestsError(`Too many queued flow runs (${state.limit}): retry after 1 second`, 1);
  }
  state.acceptedSinceCount += n;
  state.accepted += n;
}

/** This process's run requests admitted and refused by the bound (GET /api/metrics). */
export const runIntakeStats = () => ({ accepted: state.accepted, rejected: state.rejected });
