import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { customers } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { customerToApi, fetchCustomer } from "./shared";
import { patchCustomerInput } from "./schemas";

// Recorded in the audit log in the same transaction.
export const patchCustomer = defineVerb(
  patchCustomerInput,
  auditedElement(
    "customer",
    "patch",
    async ({ ctx, input }: VerbArgs<z.output<typeof patchCustomerInput>>) => {
      requireAdmin(ctx, "Changing customers");
      const row = await fetchCustomer(ctx, input.selector);
      const [updated] = await ctx.db
        .update(customers)
        .set({ ...input.body, updatedAt: sql`now()` })
        .where(eq(customers.id, row.id))
        .returning();
      return customerToApi(updated);
    },
  ),
);
