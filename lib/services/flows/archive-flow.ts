import { eq, sql } from "drizzle-orm";
import { flows } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { fetchFlow, flowToApi } from "./shared";
import { archiveFlowInput } from "./schemas";

/** Archives (or, with `restore`, restores) a flow; recorded in the audit log in the same transaction. */
export const archiveFlow = defineVerb(
  archiveFlowInput,
  auditedElement("flow", "archive", async ({ ctx, input }: VerbArgs<z.output<typeof archiveFlowInput>>) => {
    requireAdmin(ctx, "Archiving flows");
    const row = await fetchFlow(ctx, input.selector);
    const [updated] = await ctx.db
      .update(flows)
      .set({ archivedAt: input.restore ? null : sql`now()`, updatedAt: sql`now()` })
      .where(eq(flows.id, row.id))
      .returning();
    return flowToApi(updated);
  }),
);
