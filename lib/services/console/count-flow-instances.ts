import { count, eq } from "drizzle-orm";
import { flowInstances, flows } from "../../db/schema";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { listWhere } from "../flow-instances/list-filter";
import { countFlowInstancesInput } from "./schemas";

/**
 * How many instances match the console's filters (the same ones `listFlowInstances` takes, cursor ignored).
 * Counted in SQL, `outdated` included, so the total stays exact when the list filters it after the join.
 */
export const countFlowInstances = defineVerb(countFlowInstancesInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const [row] = await ctx.db
    .select({ n: count() })
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(await listWhere(ctx, { ...input, cursor: undefined }));
  return { total: Number(row?.n ?? 0) };
});
