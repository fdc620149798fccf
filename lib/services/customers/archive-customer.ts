import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { customers } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { customerToApi, fetchCustomer } from "./shared";
import { archiveCustomerInput } from "./schemas";

/** Archives (or, with `restore`, restores) a customer; recorded in the audit log in the same transaction. */
export const archiveCustomer = defineVerb(
  archiveCustomerInput,
  auditedElement(
    "customer",
    "archive",
    async ({ ctx, input }: VerbArgs<z.output<typeof archiveCustomerInput>>) => {
      requireAdmin(ctx, "Archiving customers");
      const row = await fetchCustomer(ctx, input.selector);
      const [updated] = await ctx.db
        .update(customers)
        .set({ archivedAt: input.restore ? null : sql`now()` })
        .where(eq(customers.id, row.id))
        .returning();
      return customerToApi(updated);
    },
  ),
);
