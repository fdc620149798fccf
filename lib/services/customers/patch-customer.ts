import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { customers } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";
import { customerToApi, fetchCustomer } from "./shared";

export const patchCustomerBody = z.object({
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

export async function patchCustomer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; body: z.infer<typeof patchCustomerBody> };
}) {
  requireAdmin(ctx, "Changing customers");
  const row = await fetchCustomer(ctx, input.selector);
  const [updated] = await ctx.db
    .update(customers)
    .set({ ...input.body, updatedAt: sql`now()` })
    .where(eq(customers.id, row.id))
    .returning();
  return customerToApi(updated);
}

export async function archiveCustomer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; restore?: boolean };
}) {
  requireAdmin(ctx, "Archiving customers");
  const row = await fetchCustomer(ctx, input.selector);
  const [updated] = await ctx.db
    .update(customers)
    .set({ archivedAt: input.restore ? null : sql`now()` })
    .where(eq(customers.id, row.id))
    .returning();
  return customerToApi(updated);
}
