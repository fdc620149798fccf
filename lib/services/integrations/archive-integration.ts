import { eq, sql } from "drizzle-orm";
import { integrations } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { fetchIntegration, integrationToApi } from "./shared";
import { archiveIntegrationInput } from "./schemas";

/** Archives (or, with `restore`, restores) an integration; recorded in the audit log in the same transaction. */
export const archiveIntegration = defineVerb(
  archiveIntegrationInput,
  auditedElement(
    "integration",
    "archive",
    async ({ ctx, input }: VerbArgs<z.output<typeof archiveIntegrationInput>>) => {
      requireAdmin(ctx, "Archiving integrations");
      const row = await fetchIntegration(ctx, input.selector);
      const [updated] = await ctx.db
        .update(integrations)
        .set({ archivedAt: input.restore ? null : sql`now()` })
        .where(eq(integrations.id, row.id))
        .returning();
      return integrationToApi(updated);
    },
  ),
);
