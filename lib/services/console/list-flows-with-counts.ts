import { and, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { flowInstances, flows, integrations } from "../../db/schema";
import { defineVerb } from "../shared/define-verb";
import { listFlowsWithCountsInput } from "./schemas";
import { requireAdmin } from "../shared/access";
import { decodeCursor, toPage } from "../shared/pagination";

/** Flows (templates) with how many live instances each has, and how many of those are customized / disabled. */
export const listFlowsWithCounts = defineVerb(listFlowsWithCountsInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const limit = input.limit;
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select({
      id: flows.id,
      key: flows.key,
      name: flows.name,
      description: flows.description,
      revision: flows.revision,
      updatedAt: flows.updatedAt,
      integrationId: flows.integrationId,
      integrationName: integrations.name,
      nodes: flows.nodes,
    })
    .from(flows)
    .leftJoin(integrations, eq(integrations.id, flows.integrationId))
    .where(and(isNull(flows.archivedAt), after ? lt(flows.id, after) : undefined))
    .orderBy(desc(flows.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  const ids = page.items.map((f) => f.id);
  const counts = ids.length
    ? await ctx.db
        .select({
          flowId: flowInstances.flowId,
          enabled: flowInstances.enabled,
          isCustomized: flowInstances.isCustomized,
          n: count(),
        })
        .from(flowInstances)
        .where(and(inArray(flowInstances.flowId, ids), isNull(flowInstances.archivedAt)))
        .groupBy(flowInstances.flowId, flowInstances.enabled, flowInstances.isCustomized)
    : [];
  const byFlow = new Map<string, { instances: number; customized: number; disabled: number }>();
  for (const c of counts) {
    const agg = byFlow.get(c.flowId) ?? { instances: 0, customized: 0, disabled: 0 };
    const n = Number(c.n);
    agg.instances += n;
    if (c.isCustomized) agg.customized += n;
    if (!c.enabled) agg.disabled += n;
    byFlow.set(c.flowId, agg);
  }
  return {
    items: page.items.map(({ nodes, ...f }) => ({
      ...f,
      nodesCount: Object.keys(nodes ?? {}).length,
      counts: byFlow.get(f.id) ?? { instances: 0, customized: 0, disabled: 0 },
    })),
    cursor: page.cursor,
  };
});
