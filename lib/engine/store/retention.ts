import { and, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/types";
import { flowRuns } from "../../db/schema";

/** Deletes finished runs (and, by cascade, their node runs) older than the retention period. */
export async function pruneOldRuns(db: DbOrTx, retentionDays: number): Promise<number> {
  if (retentionDays <= 0) return 0;
  const deleted = await db
    .delete(flowRuns)
    .where(
      and(
        inArray(flowRuns.state, ["completed", "failed", "stopped"]),
        lt(flowRuns.createdAt, sql`now() - make_interval(days => ${retentionDays})`),
      ),
    )
    .returning({ id: flowRuns.id });
  return deleted.length;
}
