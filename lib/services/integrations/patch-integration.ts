import { eq, sql } from "drizzle-orm";
import { integrations } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { fetchIntegration, integrationToApi } from "./shared";
import { patchIntegrationInput } from "./schemas";

// Recorded in the audit log in the same transaction.
export const patchIntegration = defineVerb(
  patchIntegrationInput,
  auditedElement(
    "integration",
    "patch",
    async ({ ctx, input }: VerbArgs<z.output<typeof patchIntegrationInput>>) => {
      requireAdmin(ctx, "Changing integrations");
      const row = await fetchIntegration(ctx, input.selector);
      const [updated] = await ctx.db
        .update(integrations)
        .set({ ...input.body, updatedAt: sql`now()` })
        .where(eq(integrations.id, row.id))
        .returning();
      return integrationToApi(updated);
    },
  ),
);
