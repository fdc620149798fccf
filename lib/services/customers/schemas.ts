import { z } from "zod";
import { listQuery } from "../shared/pagination";

// The inputs of the customer verbs, defined once: the REST routes parse their bodies with the same schemas,
// and every verb parses its whole input with its own (lib/services/shared/define-verb.ts).

export const createCustomerBody = z.object({
  internalId: z.string().min(1).max(200),
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export const patchCustomerBody = z.object({
  name: z.string().min(1).max(500).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

/** `selector`: the customer's id or internalId. */
export const patchCustomerInput = z.object({ selector: z.string(), body: patchCustomerBody });
export const archiveCustomerInput = z.object({ selector: z.string(), restore: z.boolean().optional() });

export const listCustomersQuery = listQuery;
export const getCustomerInput = z.object({ selector: z.string() });
