import { integrations } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { ConflictError } from "../../core/errors";
import { newId } from "../../core/ids";
import { integrationToApi } from "./shared";
import { createIntegrationBody } from "./schemas";

// Recorded in the audit log in the same transaction.
export const createIntegration = defineVerb(
  createIntegrationBody,
  auditedElement(
    "integration",
    "create",
    async ({ ctx, input }: VerbArgs<z.output<typeof createIntegrationBody>>) => {
      requireAdmin(ctx, "Creating integrations");
      const [row] = await ctx.db
        .insert(integrations)
        .values({ id: newId(), ...input })
        .onConflictDoNothing()
        .returning();
      if (!row)
        throw new ConflictError(`Integration with key "${input.key}" already exists`, "already_exists");
      return integrationToApi(row);
    },
  ),
);
