import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/types";
import { flowRuns } from "../../db/schema";
import { publishRunChanges } from "../changes";
import { recordLastRuns } from "./last-run";

// Liveness: workers heartbeat their running runs; a sweeper requeues (or fails, or stops) the runs of a
// worker that stopped heartbeating, so no run stays `running` forever.

/** Heartbeats this worker's runs and tells which of them were asked to stop (by any process). */
export async function heartbeat(db: DbOrTx, workerId: string, runIds: string[]): Promise<string[]> {
  if (!runIds.length) return [];
  const rows = await db
    .update(flowRuns)
    .set({ heartbeatAt: sql`now()` })
    .where(and(inArray(flowRuns.id, runIds), eq(flowRuns.workerId, workerId), eq(flowRuns.state, "running")))
    .returning({ id: flowRuns.id, stopRequested: flowRuns.stopRequested });
  return rows.filter((r) => r.stopRequested).map((r) => r.id);
}

/**
 * Runs whose worker stopped heartbeating go back to the queue, or fail after maxAttempts,
 * so no run stays `running` forever.
 */
export async function sweepStaleRuns(
  db: DbOrTx,
  staleSeconds: number,
  maxAttempts: number,
): Promise<{ requeued: number; failed: number }> {
  const stale = sql`${flowRuns.state} = 'running' AND ${flowRuns.heartbeatAt} < now() - make_interval(secs => ${staleSeconds})`;
  const failed = await db
    .update(flowRuns)
    .set({
      state: "failed",
      endTime: sql`now()`,
      errors: sql`jsonb_build_array(jsonb_build_object('type', 'flow_run', 'message', 'The worker running this flow stopped responding ' || ${flowRuns.attempts} || ' times; giving up.'))`,
    })
    .where(and(stale, sql`${flowRuns.attempts} >= ${maxAttempts}`))
    .returning();
  await recordLastRuns(db, failed);
  publishRunChanges(failed);
  const requeued = await db
    .update(flowRuns)
    .set({ state: "queued", workerId: null, heartbeatAt: null })
    .where(and(stale, sql`${flowRuns.attempts} < ${maxAttempts}`, sql`${flowRuns.stopRequested} = false`))
    .returning({
      id: flowRuns.id,
      customerId: flowRuns.customerId,
      flowInstanceId: flowRuns.flowInstanceId,
      state: flowRuns.state,
    });
  publishRunChanges(requeued);
  const stopped = await db
    .update(flowRuns)
    .set({ state: "stopped", endTime: sql`now()` })
    .where(and(stale, sql`${flowRuns.stopRequested} = true`))
    .returning();
  await recordLastRuns(db, stopped);
  publishRunChanges(stopped);
  return { requeued: requeued.length, failed: failed.length };
}

/**
 * The runs that wait for a worker (how many, and how long the oldest has waited: the API's backlog bound,
 * backlog.ts) and the runs being executed (GET /api/health).
 */
export async function queuedBacklog(
  db: DbOrTx,
): Promise<{ count: number; running: number; oldestWaitMs: number }> {
  // Index range counts (flow_runs_state_idx): cheap however many runs have ended.
  const [row] = await db
    .select({
      n: sql<number>`count(*) FILTER (WHERE ${flowRuns.state} = 'queued')::int`,
      running: sql<number>`count(*) FILTER (WHERE ${flowRuns.state} = 'running')::int`,
      wait: sql<number>`coalesce(extract(epoch from now() - min(${flowRuns.createdAt}) FILTER (WHERE ${flowRuns.state} = 'queued')) * 1000, 0)::float8`,
    })
    .from(flowRuns)
    .where(inArray(flowRuns.state, ["queued", "running"]));
  return {
    count: Number(row?.n ?? 0),
    running: Number(row?.running ?? 0),
    oldestWaitMs: Number(row?.wait ?? 0),
  };
}
