import { desc, eq, ilike, inArray, isNull, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import { z } from "zod";
import { flowInstances, flows } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage, toPageText } from "../shared/pagination";
import { instanceJson, instanceVersion } from "../../db/api-json";
import { cachedJsonRows, canCache } from "../../db/json-cache";
import { tenantFilter } from "../shared/access";
import { instanceColumns, instanceToApi } from "./shared";
import { fetchIntegration } from "../integrations/shared";
import { fetchFlow } from "../flows/shared";

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const listFlowInstancesQuery = listQuery.extend({
  flowId: z.string().max(100).optional(),
  flowKey: z.string().max(200).optional(),
  connectionId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  userId: z.string().max(100).optional(),
  customerId: z.string().max(100).optional(),
  instanceKey: z.string().max(200).optional(),
  enabled: bool.optional(),
  isCustomized: bool.optional(),
  outdated: bool.optional(),
  archived: bool.optional(),
  lastRunState: z.enum(["queued", "running", "completed", "stopped", "failed", "none"]).optional(),
});
export type ListFlowInstancesQuery = z.infer<typeof listFlowInstancesQuery>;

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

export async function listFlowInstances({ ctx, input }: { ctx: Ctx; input: ListFlowInstancesQuery }) {
  const rows = await ctx.db
    .select(instanceColumns)
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(await listWhere(ctx, input))
    .orderBy(desc(flowInstances.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(instanceToApi), cursor: page.cursor };
}

/**
 * `listFlowInstances` as the response body text (the API's hot path): the database writes each item's JSON,
 * once per row version (`lib/db/json-cache.ts`).
 */
export async function listFlowInstancesJson({ ctx, input }: { ctx: Ctx; input: ListFlowInstancesQuery }) {
  const where = await listWhere(ctx, input);
  const from = <T extends SelectedFields>(fields: T) =>
    ctx.db.select(fields).from(flowInstances).innerJoin(flows, eq(flows.id, flowInstances.flowId));
  const json = sql<string>`${instanceJson}`;
  const rows = canCache(ctx.db)
    ? await cachedJsonRows(
        ctx.db,
        "instance",
        from({ id: flowInstances.id, version: instanceVersion })
          .where(where)
          .orderBy(desc(flowInstances.id))
          .limit(input.limit + 1),
        (ids) =>
          from({ id: flowInstances.id, version: instanceVersion, json }).where(
            tenantFilter(ctx, flowInstances.customerId, inArray(flowInstances.id, ids)),
          ),
      )
    : await from({ id: flowInstances.id, json })
        .where(where)
        .orderBy(desc(flowInstances.id))
        .limit(input.limit + 1);
  return toPageText(rows, input.limit);
}
