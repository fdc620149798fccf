import { eq, sql } from "drizzle-orm";
import { flows } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { BadRequestError } from "../../core/errors";
import { newId } from "../../core/ids";
import { fetchFlow, flowToApi } from "./shared";
import { normalizeNodes } from "../../core/flow-node";
import { checkFlowBody } from "./flow-body";
import { patchFlowInput } from "./schemas";

// Recorded in the audit log in the same transaction.
export const patchFlow = defineVerb(
  patchFlowInput,
  auditedElement("flow", "patch", async ({ ctx, input }: VerbArgs<z.output<typeof patchFlowInput>>) => {
    requireAdmin(ctx, "Changing flows");
    const row = await fetchFlow(ctx, input.selector);
    if (row.archivedAt) throw new BadRequestError("Flow is archived: restore it first");
    const integrationId = await checkFlowBody(ctx, input.body);
    const { integrationKey: _ignored, ...body } = input.body;
    void _ignored;
    if (body.nodes) body.nodes = normalizeNodes(body.nodes);
    const [updated] = await ctx.db
      .update(flows)
      .set({ ...body, ...(integrationId ? { integrationId } : {}), revision: newId(), updatedAt: sql`now()` })
      .where(eq(flows.id, row.id))
      .returning();
    return flowToApi(updated);
  }),
);
