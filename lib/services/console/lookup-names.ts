import { inArray } from "drizzle-orm";
import { customers, integrations } from "../../db/schema";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { lookupNamesInput } from "./schemas";

/** Display names for ids shown on a console page (one query per entity, only the ids on the page). */
export const lookupNames = defineVerb(lookupNamesInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const cIds = [...new Set(input.customerIds)];
  const iIds = [...new Set(input.integrationIds)];
  const [cs, is] = await Promise.all([
    cIds.length
      ? ctx.db
          .select({ id: customers.id, name: customers.name, internalId: customers.internalId })
          .from(customers)
          .where(inArray(customers.id, cIds))
      : [],
    iIds.length
      ? ctx.db
          .select({ id: integrations.id, name: integrations.name })
          .from(integrations)
          .where(inArray(integrations.id, iIds))
      : [],
  ]);
  return {
    customers: Object.fromEntries(cs.map((c) => [c.id, c])),
    integrations: Object.fromEntries(is.map((i) => [i.id, i.name])),
  };
});
