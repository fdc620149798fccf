import { count, eq } from "drizzle-orm";
import { flowInstances, flows } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";
import { listWhere } from "../flow-instances/list-filter";
import type { ListFlowInstancesQuery } from "../flow-instances/schemas";

/**
 * How many instances match the console's filters (the same ones `listFlowInstances` takes, cursor ignored).
 * Counted in SQL, `outdated` included, so the total stays exact when the list filters it after the join.
 */
export async function countFlowInstances({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: Omit<ListFlowInstancesQuery, "limit" | "cursor">;
}) {
  requireAdmin(ctx, "The console");
  const [row] = await ctx.db
    .select({ n: count() })
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(await listWhere(ctx, { ...input, cursor: undefined }));
  return { total: Number(row?.n ?? 0) };
}
