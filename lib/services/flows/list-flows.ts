import { and, desc, eq, ilike, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { flows } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage } from "../shared/pagination";
import { flowToApi } from "./shared";

export const listFlowsQuery = listQuery.extend({ integrationId: z.string().max(100).optional() });

export async function listFlows({ ctx, input }: { ctx: Ctx; input: z.infer<typeof listFlowsQuery> }) {
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(flows)
    .where(
      and(
        after ? lt(flows.id, after) : undefined,
        input.integrationId ? eq(flows.integrationId, input.integrationId) : undefined,
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
