import { desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { flowInstances, flowRuns } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, listQuery, toPage, toPageText } from "../shared/pagination";
import { runJson, runVersion } from "../../db/api-json";
import { cachedJsonRows, canCache } from "../../db/json-cache";
import { tenantFilter } from "../shared/access";
import { runToApi } from "./shared";

export const runStates = ["queued", "running", "completed", "stopped", "failed"] as const;

export const listFlowRunsQuery = listQuery.extend({
  flowInstanceId: z.string().max(100).optional(),
  connectionFlowId: z.string().max(100).optional(),
  flowId: z.string().max(100).optional(),
  // A Flowdeck flow is what Membrane calls an integration flow (no universal flow above it).
  integrationFlowId: z.string().max(100).optional(),
  connectionId: z.string().max(100).optional(),
  userId: z.string().max(100).optional(),
  customerId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  state: z.enum(runStates).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

type ListFlowRunsInput = z.infer<typeof listFlowRunsQuery>;

function listWhere(ctx: Ctx, input: ListFlowRunsInput) {
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

export async function listFlowRuns({ ctx, input }: { ctx: Ctx; input: ListFlowRunsInput }) {
  const rows = await ctx.db
    .select()
    .from(flowRuns)
    .where(listWhere(ctx, input))
    .orderBy(desc(flowRuns.id))
    .limit(input.limit + 1);
  return toPage(rows.map(runToApi), input.limit);
}

/**
 * `listFlowRuns` as the response body text (the API's hot path): the database writes each item's JSON, once
 * per row version (`lib/db/json-cache.ts`).
 */
export async function listFlowRunsJson({ ctx, input }: { ctx: Ctx; input: ListFlowRunsInput }) {
  const where = listWhere(ctx, input);
  const json = sql<string>`${runJson}`;
  const rows = canCache(ctx.db)
    ? await cachedJsonRows(
        ctx.db,
        "run",
        ctx.db
          .select({ id: flowRuns.id, version: runVersion })
          .from(flowRuns)
          .where(where)
          .orderBy(desc(flowRuns.id))
          .limit(input.limit + 1),
        (ids) =>
          ctx.db
            .select({ id: flowRuns.id, version: runVersion, json })
            .from(flowRuns)
            .where(tenantFilter(ctx, flowRuns.customerId, inArray(flowRuns.id, ids))),
      )
    : await ctx.db
        .select({ id: flowRuns.id, json })
        .from(flowRuns)
        .where(where)
        .orderBy(desc(flowRuns.id))
        .limit(input.limit + 1);
  return toPageText(rows, input.limit);
}
