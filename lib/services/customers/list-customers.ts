import { and, desc, ilike, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { customers } from "../../db/schema";
import type { Ctx } from "../context";
import { decodeCursor, escapeLike, listQuery, toPage } from "../shared/pagination";
import { tenantFilter } from "../shared/access";
import { customerToApi } from "./shared";

export const listCustomersQuery = listQuery;

export async function listCustomers({ ctx, input }: { ctx: Ctx; input: z.infer<typeof listCustomersQuery> }) {
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(customers)
    .where(
      tenantFilter(
        ctx,
        customers.id,
        after ? lt(customers.id, after) : undefined,
        input.includeArchived ? undefined : isNull(customers.archivedAt),
        input.search
          ? or(
              ilike(customers.name, escapeLike(input.search)),
              ilike(customers.internalId, escapeLike(input.search)),
            )
          : undefined,
      ) ?? and(),
    )
    .orderBy(desc(customers.id))
    .limit(input.limit + 1);
  return toPage(rows.map(customerToApi), input.limit);
}
