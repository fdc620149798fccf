import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { flowRuns } from "../../db/schema";

export async function checkHealth(db: DbOrTx, worker?: { activeCount: number }) {
  await db.execute(sql`select 1`);
  const [{ queued }] = await db
    .select({ queued: sql<number>`count(*)::int` })
    .from(flowRuns)
    .where(sql`${flowRuns.state} = 'queued'`);
  return {
    status: "ok",
    database: "ok",
    queue: { queued },
    worker: worker ? { active: worker.activeCount } : "off",
  };
}
