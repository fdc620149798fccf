import { and, desc, eq, ilike, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { flows, integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage } from "../shared/pagination";
import { flowToApi } from "./shared";

// FindFlowsQuery fields not named here (layer, connectionId, userId, universal/tenant/external-app ids…) are
// refused with 400 by the route (no such concepts, or not implemented): never silently unfiltered.
export const listFlowsQuery = listQuery.extend({
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  flowId: z.string().max(100).optional(),
});

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
