import { desc, eq, ilike, isNull, lt } from "drizzle-orm";
import { connections } from "../../db/schema";
import { defineVerb } from "../shared/define-verb";
import { listConnectionsQuery } from "./schemas";
import { decodeCursor, escapeLike, toPage } from "../shared/pagination";
import { tenantFilter } from "../shared/access";
import { connectionToApi } from "./shared";

export const listConnections = defineVerb(listConnectionsQuery, async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  const customerId = input.userId ?? input.customerId;
  const rows = await ctx.db
    .select()
    .from(connections)
    .where(
      tenantFilter(
        ctx,
        connections.customerId,
        after ? lt(connections.id, after) : undefined,
        customerId ? eq(connections.customerId, customerId) : undefined,
        input.integrationId ? eq(connections.integrationId, input.integrationId) : undefined,
        input.disconnected ? eq(connections.disconnected, input.disconnected === "true") : undefined,
        input.includeArchived ? undefined : isNull(connections.archivedAt),
        input.search ? ilike(connections.name, escapeLike(input.search)) : undefined,
      ),
    )
    .orderBy(desc(connections.id))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => connectionToApi(r)),
    input.limit,
  );
});
