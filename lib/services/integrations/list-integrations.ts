import { and, desc, ilike, isNull, lt, or } from "drizzle-orm";
import { integrations } from "../../db/schema";
import { defineVerb } from "../shared/define-verb";
import { listIntegrationsQuery } from "./schemas";
import { decodeCursor, escapeLike, toPage } from "../shared/pagination";
import { integrationToApi } from "./shared";

export const listIntegrations = defineVerb(listIntegrationsQuery, async ({ ctx, input }) => {
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
});
