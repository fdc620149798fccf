import { sql } from "drizzle-orm";
import { postgresUrlOf, type Db } from "../../db/client";
import { queueJobCounts } from "../../db/queue";
import { queuedBacklog } from "../../engine/store/liveness";

/**
 * GET /api/health: the database answers, and the queue — queued and running runs, plus on PostgreSQL the
 * graphile-worker jobs (waiting / locked by a worker) — and this process's worker.
 * Throws (→ 503) when the database or the queue schema cannot be read.
 */
export async function checkHealth(db: Db, worker?: { activeCount: number; mode: string }) {
  await db.execute(sql`select 1`);
  const { count: queued, running } = await queuedBacklog(db);
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
