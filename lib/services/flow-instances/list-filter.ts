import { eq, ilike, isNull, isNotNull, lt, ne, or } from "drizzle-orm";
import { flowInstances, flows } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike } from "../shared/pagination";
import { tenantFilter } from "../shared/access";
import { fetchIntegration } from "../integrations/shared";
import { fetchFlow } from "../flows/shared";
import type { ListFlowInstancesQuery } from "./schemas";

/**
 * The WHERE of a list (flows joined as `flows`); newest first from the cursor on. Also the console's
 * count (`countFlowInstances`), so both always agree on what a filter means.
 */
export async function listWhere(ctx: Ctx, input: Omit<ListFlowInstancesQuery, "limit">) {
  const after = decodeCursor(input.cursor);
  const flowId = input.flowKey && !input.flowId ? (await fetchFlow(ctx, input.flowKey)).id : input.flowId;
  const integrationId =
    input.integrationKey && !input.integrationId
      ? (await fetchIntegration(ctx, input.integrationKey)).id
      : input.integrationId;
  const customerId = input.userId ?? input.customerId;
  const archivedFilter =
    input.archived === true
      ? isNotNull(flowInstances.archivedAt)
      : input.archived === false || !input.includeArchived
        ? isNull(flowInstances.archivedAt)
        : undefined;
  return tenantFilter(
    ctx,
    flowInstances.customerId,
    after ? lt(flowInstances.id, after) : undefined,
    flowId ? eq(flowInstances.flowId, flowId) : undefined,
    input.connectionId ? eq(flowInstances.connectionId, input.connectionId) : undefined,
    integrationId ? eq(flowInstances.integrationId, integrationId) : undefined,
    customerId ? eq(flowInstances.customerId, customerId) : undefined,
    input.instanceKey !== undefined ? eq(flowInstances.instanceKey, input.instanceKey) : undefined,
    input.enabled !== undefined ? eq(flowInstances.enabled, input.enabled) : undefined,
    input.isCustomized !== undefined ? eq(flowInstances.isCustomized, input.isCustomized) : undefined,
    input.lastRunState === "none"
      ? isNull(flowInstances.lastRunState)
      : input.lastRunState
        ? eq(flowInstances.lastRunState, input.lastRunState)
        : undefined,
    archivedFilter,
    input.outdated === undefined
      ? undefined
      : input.outdated
        ? ne(flowInstances.flowRevision, flows.revision)
        : eq(flowInstances.flowRevision, flows.revision),
    input.search
      ? or(
          ilike(flowInstances.name, escapeLike(input.search)),
          eq(flowInstances.id, input.search),
          eq(flowInstances.instanceKey, input.search),
        )
      : undefined,
  );
}
