import { and, desc, ilike, isNull, lt, or } from "drizzle-orm";
import { customers } from "../../db/schema";
import { defineVerb } from "../shared/define-verb";
import { listCustomersQuery } from "./schemas";
import { decodeCursor, escapeLike, toPage } from "../shared/pagination";
import { tenantFilter } from "../shared/access";
import { customerToApi } from "./shared";

export const listCustomers = defineVerb(listCustomersQuery, async ({ ctx, input }) => {
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
});
