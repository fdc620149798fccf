import type { z } from "zod";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { upsertCustomer } from "./upsert-customer";
import { customerToApi } from "./shared";
import { createCustomerBody } from "./schemas";

// Recorded in the audit log in the same transaction.
export const createCustomer = defineVerb(
  createCustomerBody,
  auditedElement(
    "customer",
    "create",
    async ({ ctx, input }: VerbArgs<z.output<typeof createCustomerBody>>) => {
      requireAdmin(ctx, "Creating customers");
      return customerToApi(await upsertCustomer(ctx.db, input));
    },
  ),
);
