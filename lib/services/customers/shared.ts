import { eq, or } from "drizzle-orm";
import { customers, type CustomerRow } from "../../db/schema";
import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";

export const customerToApi = (c: CustomerRow) => ({
  id: c.id,
  internalId: c.internalId,
  name: c.name,
  fields: c.fields,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  archivedAt: c.archivedAt ?? undefined,
});
export type CustomerApi = ReturnType<typeof customerToApi>;

/** By id or internalId; a customer sees only itself. */
export async function fetchCustomer(ctx: Ctx, selector: string): Promise<CustomerRow> {
  const [row] = await ctx.db
    .select()
    .from(customers)
    .where(or(eq(customers.id, selector), eq(customers.internalId, selector)))
    .limit(1);
  if (!row || (ctx.principal.kind === "customer" && row.id !== ctx.principal.customerId))
    throw new NotFoundError("Customer");
  return row;
}
