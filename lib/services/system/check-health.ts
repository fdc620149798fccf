import { sql } from "drizzle-orm";
import { postgresUrlOf, type Db } from "../../db/client";
import { flowRuns } from "../../db/schema";
import { queueJobCounts } from "../../db/queue";

/**
 * GET /api/health: the database answers, and the queue — queued and running runs, plus on PostgreSQL the
 * graphile-worker jobs (waiting / locked by a worker) — and this process's worker.
 * Throws (→ 503) when the database or the queue schema cannot be read.
 */
export async function checkHealth(db: Db, worker?: { activeCount: number; mode: string }) {
  await db.execute(sql`select 1`);
  // Two index range counts (flow_runs_state_idx): cheap however many runs have ended.
  const [{ queued, running }] = await db
    .select({
      queued: sql<number>`count(*) FILTER (WHERE ${flowRuns.state} = 'queued')::int`,
      running: sql<number>`count(*) FILTER (WHERE ${flowRuns.state} = 'running')::int`,
    })
    .from(flowRuns)
    .where(sql`${flowRuns.state} IN ('queued', 'running')`);
  const postgres = postgresUrlOf(db) !== undefined;
  return {
    status: "ok",
    database: "ok",
    databaseKind: postgres ? "postgres" : "pglite",
    queue: postgres
      ? { kind: "graphile-worker", queuedRuns: queued, runningRuns: running, jobs: await queueJobCounts(db) }
      : { kind: "embedded", queuedRuns: queued, runningRuns: running },
    worker: worker ? { mode: worker.mode, active: worker.activeCount } : "off",
  };
}
