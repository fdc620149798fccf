import type { DbOrTx } from "../db/client";
import { TooManyRequestsError } from "../core/errors";
import { queuedBacklog } from "./store/liveness";

// Fair intake when one process both accepts runs over the API and executes them (WORKER=on): past
// RUN_BACKLOG_LIMIT queued runs the API answers 429 with Retry-After instead of queueing more, so the
// executor keeps its share of the process and the queue (and every run's wait) stays bounded. The backlog
// is the database's count of queued runs, re-read at most every RECOUNT_MS while runs are requested, plus
// the runs this process accepted since that count started (an over-estimate between counts: the worker
// drains meanwhile, so the bound errs towards refusing a little early, never towards growing).
//
// The bound is also one of time: a queued run should wait at most RUN_BACKLOG_SECONDS for a slot. The process
// measures how many runs it finishes per second while its queue never empties (its capacity: every slot busy)
// and bounds the backlog at that many seconds of work (at least BACKLOG_FLOOR runs, at most RUN_BACKLOG_LIMIT).
// Before it has a measure, and whatever the measure says, a backlog past the floor whose oldest run has already
// waited RUN_BACKLOG_SECONDS is also refused.
const RECOUNT_MS = 250;
/** The smallest time-based bound: a burst of this many runs is always admitted, however slow the flows. */
export const BACKLOG_FLOOR = 100;

/**
 * Runs finished per second while the queue stayed non-empty (a saturated engine): measured over windows of at
 * least a second, smoothed across windows. A window in which the queue was ever seen empty does not count
 * (the engine may have idled). Pure: the caller passes the clock and the queued count it read.
 */
export class CapacityMeter {
  private windowStart: number | undefined;
  private finished = 0;
  private busy = false;
  perSecond: number | undefined;

  constructor(private windowMs = 4 * RECOUNT_MS) {}

  finishedRuns(n = 1) {
    this.finished += n;
  }

  /** A fresh count of queued runs at `now`: closes the window once it is long enough. */
  observe(now: number, queued: number) {
    if (queued === 0) this.busy = false;
    const start = this.windowStart;
    const elapsed = start === undefined ? 0 : now - start;
    if (start !== undefined && elapsed < this.windowMs) return;
    if (start !== undefined && this.busy) {
      const rate = (this.finished * 1000) / elapsed;
      this.perSecond = this.perSecond === undefined ? rate : 0.5 * this.perSecond + 0.5 * rate;
    }
    this.windowStart = now;
    this.finished = 0;
    this.busy = queued > 0;
  }
}

/** The backlog bound: `seconds` of measured capacity, within [BACKLOG_FLOOR, limit]; `limit` without a measure. */
export function backlogBound(limit: number, seconds: number, perSecond: number | undefined): number {
  if (!seconds || perSecond === undefined) return limit;
  return Math.min(limit, Math.max(BACKLOG_FLOOR, Math.round(perSecond * seconds)));
}

type State = {
  db?: DbOrTx;
  limit: number;
  seconds: number;
  capacity: CapacityMeter;
  counted: number;
  oldestWaitMs: number;
  acceptedSinceCount: number;
  countedAt: number;
  counting?: Promise<void>;
  accepted: number;
  rejected: number;
};
const g = globalThis as unknown as { __flowdeckBacklog?: State };
const state: State = (g.__flowdeckBacklog ??= {
  limit: 0,
  seconds: 0,
  capacity: new CapacityMeter(),
  counted: 0,
  oldestWaitMs: 0,
  acceptedSinceCount: 0,
  countedAt: 0,
  accepted: 0,
  rejected: 0,
});

/**
 * Turns the bound on for this process (boot, when its worker runs); a limit of 0 turns it off. `seconds`:
 * the longest wait in the queue the bound aims at (0: the fixed limit only).
 */
export function boundBacklog(db: DbOrTx, limit: number, seconds = 0) {
  state.db = db;
  state.limit = limit;
  state.seconds = seconds;
  state.capacity = new CapacityMeter();
  state.oldestWaitMs = 0;
  state.counted = 0;
  state.acceptedSinceCount = 0;
  state.countedAt = 0;
}

function recount() {
  const db = state.db;
  if (!db || state.counting) return state.counting;
  const started = state.acceptedSinceCount;
  state.counting = queuedBacklog(db)
    .then(({ count, oldestWaitMs }) => {
      state.counted = count;
      state.oldestWaitMs = oldestWaitMs;
      state.capacity.observe(Date.now(), count);
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
  const bound = currentBound();
  const backlog = state.counted + state.acceptedSinceCount + n;
  const waitedTooLong =
    state.seconds > 0 && backlog > BACKLOG_FLOOR && state.oldestWaitMs > state.seconds * 1000;
  if (backlog > bound || waitedTooLong) {
    state.rejected += n;
    const why = backlog > bound ? `${bound}` : `the oldest has waited over ${state.seconds} s`;
    throw new TooManyRequestsError(`Too many queued flow runs (${why}): retry after 1 second`, 1);
  }
  state.acceptedSinceCount += n;
  state.accepted += n;
}

const currentBound = () => backlogBound(state.limit, state.seconds, state.capacity.perSecond);

/** The local worker finished a run (its capacity is measured from these). */
export function noteRunFinished() {
  if (state.limit) state.capacity.finishedRuns();
}

/** This process's run requests admitted and refused by the bound, and the bound now (GET /api/metrics). */
export const runIntakeStats = () => ({
  accepted: state.accepted,
  rejected: state.rejected,
  bound: state.limit ? currentBound() : 0,
});
