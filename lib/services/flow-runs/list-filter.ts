import { eq, gte, lt, lte, sql } from "drizzle-orm";
import { flowInstances, flowRuns } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor } from "../shared/pagination";
import { tenantFilter } from "../shared/access";
import type { ListFlowRunsInput } from "./schemas";

/** The WHERE of a run list, newest first from the cursor on (`listFlowRuns` and `listFlowRunsJson`). */
export function listWhere(ctx: Ctx, input: ListFlowRunsInput) {
  const after = decodeCursor(input.cursor);
  const instanceId = input.flowInstanceId ?? input.connectionFlowId;
  const customerId = input.userId ?? input.customerId;
  return tenantFilter(
    ctx,
    flowRuns.customerId,
    after ? lt(flowRuns.id, after) : undefined,
    instanceId ? eq(flowRuns.flowInstanceId, instanceId) : undefined,
    input.flowId ? eq(flowRuns.flowId, input.flowId) : undefined,
    input.integrationFlowId ? eq(flowRuns.flowId, input.integrationFlowId) : undefined,
    input.connectionId ? eq(flowRuns.connectionId, input.connectionId) : undefined,
    customerId ? eq(flowRuns.customerId, customerId) : undefined,
    input.integrationId ? eq(flowRuns.integrationId, input.integrationId) : undefined,
    input.state ? eq(flowRuns.state, input.state) : undefined,
    input.from ? gte(flowRuns.createdAt, new Date(input.from)) : undefined,
    input.to ? lte(flowRuns.createdAt, new Date(input.to)) : undefined,
    // Runs of archived instances are hidden with them (one primary-key probe per row read).
    input.includeArchived
      ? undefined
      : sql`NOT EXISTS (SELECT 1 FROM ${flowInstances} WHERE ${flowInstances.id} = ${flowRuns.flowInstanceId} AND ${flowInstances.archivedAt} IS NOT NULL)`,
  );
}
