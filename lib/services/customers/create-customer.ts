import { z } from "zod";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";
import { upsertCustomer } from "./upsert-customer";
import { customerToApi } from "./shared";

export const createCustomerBody = z.object({
  internalId: z.string().min(1).max(200),
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

export async function createCustomer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof createCustomerBody>;
}) {
  requireAdmin(ctx, "Creating customers");
  return customerToApi(await upsertCustomer(ctx.db, input));
}
