import { count, eq, ilike, isNotNull, isNull, ne, or } from "drizzle-orm";
import { flowInstances, flows } from "../../db/schema";
import type { Ctx } from "../context";
import { escapeLike } from "../shared/pagination";
import { requireAdmin, tenantFilter } from "../shared/access";
import type { ListFlowInstancesQuery } from "../flow-instances/list-flow-instances";

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
  const customerId = input.userId ?? input.customerId;
  const archivedFilter =
    input.archived === true
      ? isNotNull(flowInstances.archivedAt)
      : input.archived === false || !input.includeArchived
        ? isNull(flowInstances.archivedAt)
        : undefined;
  const [row] = await ctx.db
    .select({ n: count() })
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(
      tenantFilter(
        ctx,
        flowInstances.customerId,
        input.flowId ? eq(flowInstances.flowId, input.flowId) : undefined,
        input.connectionId ? eq(flowInstances.connectionId, input.connectionId) : undefined,
        input.integrationId ? eq(flowInstances.integrationId, input.integrationId) : undefined,
        customerId ? eq(flowInstances.customerId, customerId) : undefined,
        input.instanceKey !== undefined ? eq(flowInstances.instanceKey, input.instanceKey) : undefined,
        input.enabled !== undefined ? eq(flowInstances.enabled, input.enabled) : undefined,
        input.isCustomized !== undefined ? eq(flowInstances.isCustomized, input.isCustomized) : undefined,
        input.outdated === true ? ne(flowInstances.flowRevision, flows.revision) : undefined,
        input.outdated === false ? eq(flowInstances.flowRevision, flows.revision) : undefined,
        input.lastRunState === "none"
          ? isNull(flowInstances.lastRunState)
          : input.lastRunState
            ? eq(flowInstances.lastRunState, input.lastRunState)
            : undefined,
        archivedFilter,
        input.search
          ? or(
              ilike(flowInstances.name, escapeLike(input.search)),
              eq(flowInstances.id, input.search),
              eq(flowInstances.instanceKey, input.search),
            )
          : undefined,
      ),
    );
  return { total: Number(row?.n ?? 0) };
}
