import { desc, eq } from "drizzle-orm";
import { flowInstances, flows } from "../../db/schema";
import { toPage } from "../shared/pagination";
import { defineVerb } from "../shared/define-verb";
import { instanceColumns, instanceToApi } from "./shared";
import { listWhere } from "./list-filter";
import { listFlowInstancesQuery } from "./schemas";

/** A page of instances, newest first, as API objects (the console's list; the REST list is `listFlowInstancesJson`). */
export const listFlowInstances = defineVerb(listFlowInstancesQuery, async ({ ctx, input }) => {
  const rows = await ctx.db
    .select(instanceColumns)
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(await listWhere(ctx, input))
    .orderBy(desc(flowInstances.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(instanceToApi), cursor: page.cursor };
});
