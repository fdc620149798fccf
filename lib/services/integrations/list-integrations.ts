import { and, desc, ilike, isNull, lt, or } from "drizzle-orm";
import { integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage, type ListQuery } from "../shared/pagination";
import { integrationToApi } from "./shared";

export const listIntegrationsQuery = listQuery;

export async function listIntegrations({ ctx, input }: { ctx: Ctx; input: ListQuery }) {
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(integrations)
    .where(
      and(
        after ? lt(integrations.id, after) : undefined,
        input.includeArchived ? undefined : isNull(integrations.archivedAt),
        input.search
          ? or(
              ilike(integrations.name, escapeLike(input.search)),
              ilike(integrations.key, escapeLike(input.search)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(integrations.id))
    .limit(input.limit + 1);
  return toPage(rows.map(integrationToApi), input.limit);
}
