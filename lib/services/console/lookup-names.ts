import { inArray } from "drizzle-orm";
import { customers, integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";

/** Display names for ids shown on a console page (one query per entity, only the ids on the page). */
export async function lookupNames({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { customerIds: string[]; integrationIds: string[] };
}) {
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
}
