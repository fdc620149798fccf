import { z } from "zod";
import type { Ctx } from "../context";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { upsertCustomer } from "./upsert-customer";
import { customerToApi } from "./shared";

export const createCustomerBody = z.object({
  internalId: z.string().min(1).max(200),
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

async function createCustomerUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof createCustomerBody>;
}) {
  requireAdmin(ctx, "Creating customers");
  return customerToApi(await upsertCustomer(ctx.db, input));
}

// Every change is recorded in the audit log in the same transaction.
export const createCustomer = auditedElement("customer", "create", createCustomerUnaudited);
