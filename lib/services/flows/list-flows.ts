import { and, desc, eq, ilike, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { connections, customers, flows, integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { defineVerb } from "../shared/define-verb";
import { listFlowsQuery } from "./schemas";
import { decodeCursor, escapeLike, toPage } from "../shared/pagination";
import { flowToApi } from "./shared";

/** Connections (of the caller's, for a customer) whose integration the flow row fits. */
function usableWith(ctx: Ctx, which: SQL) {
  const tenant =
    ctx.principal.kind === "customer" ? sql` AND c.customer_id = ${ctx.principal.customerId}` : sql``;
  return sql`EXISTS (SELECT 1 FROM ${connections} c WHERE ${which}${tenant} AND (${flows.integrationId} IS NULL OR c.integration_id = ${flows.integrationId}))`;
}

export const listFlows = defineVerb(listFlowsQuery, async ({ ctx, input }) => {
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
});
