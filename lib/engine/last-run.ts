import { and, eq, or, isNull, lte } from "drizzle-orm";
import { flowInstances, type FlowRunRow } from "../db/schema";
import type { DbOrTx } from "../db/client";

/** Denormalised "last run" on the instance, for the console's list and its filter. */
export async function recordLastRun(db: DbOrTx, run: Pick<FlowRunRow, "id" | "flowInstanceId" | "state">) {
  await db
    .update(flowInstances)
    .set({ lastRunId: run.id, lastRunState: run.state, lastRunAt: new Date() })
    .where(
      and(
        eq(flowInstances.id, run.flowInstanceId),
        or(isNull(flowInstances.lastRunId), lte(flowInstances.lastRunId, run.id)),
      ),
    );
}
