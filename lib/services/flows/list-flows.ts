import { and, desc, eq, ilike, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { connections, customers, flows, integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage } from "../shared/pagination";
import { flowToApi } from "./shared";

// FindFlowsQuery fields not named here (layer, universal/tenant/external-app ids…) are refused with 400 by
// the route (no such concepts in Flowdeck): never silently unfiltered.
export const listFlowsQuery = listQuery.extend({
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  flowId: z.string().max(100).optional(),
  /** Flows an instance can be made of with this connection: its integration's, and flows of no integration. */
  connectionId: z.string().max(100).optional(),
  /** Flows usable with any live connection of this customer (id or internalId), as for `connectionId`. */
  userId: z.string().max(200).optional(),
});

/** Connections (of the caller's, for a customer) whose integration the flow row fits. */
function usableWith(ctx: Ctx, which: SQL) {
  const tenant =
    ctx.principal.kind === "customer" ? sql` AND c.customer_id = ${ctx.principal.customerId}` : sql``;
  return sql`EXISTS (SELECT 1 FROM ${connections} c WHERE ${which}${tenant} AND (${flows.integrationId} IS NULL OR c.integration_id = ${flows.integrationId}))`;
}

export async function listFlows({ ctx, input }: { ctx: Ctx; input: z.infer<typeof listFlowsQuery> }) {
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(flows)
    .where(
      and(
        after ? lt(flows.id, after) : undefined,
        input.integrationId ? eq(flows.integrationId, input.integrationId) : undefined,
        input.integrationKey
          ? sql`${flows.integrationId} = (SELECT ${integrations.id} FROM ${integrations} WHERE ${integrations.key} = ${input.integrationKey})`
          : undefined,
        input.flowId ? eq(flows.id, input.flowId) : undefined,
        input.connectionId ? usableWith(ctx, sql`c.id = ${input.connectionId}`) : undefined,
        input.userId
          ? usableWith(
              ctx,
              sql`c.archived_at IS NULL AND c.customer_id IN (SELECT ${customers.id} FROM ${customers} WHERE ${customers.id} = ${input.userId} OR ${customers.internalId} = ${input.userId})`,
            )
          : undefined,
        input.includeArchived ? undefined : isNull(flows.archivedAt),
        input.search
          ? or(ilike(flows.name, escapeLike(input.search)), ilike(flows.key, escapeLike(input.search)))
          : undefined,
      ),
    )
    .orderBy(desc(flows.id))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => flowToApi(r)),
    input.limit,
  );
}
