import { eq, sql } from "drizzle-orm";
import { flows } from "../../db/schema";
import { audited } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { newId } from "../../core/ids";
import { fetchFlowBySelector } from "./integration-flows";
import { flowToApi } from "./shared";
import { flowSelectorInput } from "./schemas";

/**
 * `flow(x).reset()`: Membrane resets an integration-level flow to its universal parent. A Flowdeck flow has
 * no template above it, so a reset keeps its definition and only takes a new revision (audited).
 */
export const resetFlow = defineVerb(flowSelectorInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "Resetting flows");
  return audited(
    ctx,
    "reset",
    async (tx) => {
      const flow = await fetchFlowBySelector(tx, input);
      const [updated] = await tx.db
        .update(flows)
        .set({ revision: newId(), updatedAt: sql`now()` })
        .where(eq(flows.id, flow.id))
        .returning();
      return flowToApi(updated);
    },
    (f) => ({ type: "flow", id: f.id, customerId: null }),
  );
});
