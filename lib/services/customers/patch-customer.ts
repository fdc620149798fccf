import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { customers } from "../../db/schema";
import type { Ctx } from "../context";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { customerToApi, fetchCustomer } from "./shared";

export const patchCustomerBody = z.object({
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

async function patchCustomerUnaudited({
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

async function archiveCustomerUnaudited({
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

// Every change is recorded in the audit log in the same transaction.
export const patchCustomer = auditedElement("customer", "patch", patchCustomerUnaudited);
export const archiveCustomer = auditedElement("customer", "archive", archiveCustomerUnaudited);
