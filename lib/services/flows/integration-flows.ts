import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { flows, type FlowRow } from "../../db/schema";
import type { Ctx } from "../context";
import { audited } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { NotFoundError } from "../../core/errors";
import { newId } from "../../core/ids";
import { fetchIntegration } from "../integrations/shared";
import { fetchFlow, flowToApi } from "./shared";

// Integration-level flows (`integration(i).flow(f)`, `flow({key, integrationKey})`) are flows filtered by
// integration: Flowdeck has no universal flows with per-integration copies.

export const flowSelectorQuery = z.object({
  id: z.string().max(100).optional(),
  key: z.string().max(200).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
});
export type FlowSelectorQuery = z.infer<typeof flowSelectorQuery>;

/** The flow a selector names; with an integration, only a flow of that integration (else 404). */
export async function fetchFlowBySelector(ctx: Ctx, sel: FlowSelectorQuery): Promise<FlowRow> {
  const flowSel = sel.id ?? sel.key;
  if (!flowSel) throw new NotFoundError("Flow");
  const flow = await fetchFlow(ctx, flowSel);
  const integrationSel = sel.integrationId ?? sel.integrationKey;
  if (integrationSel) {
    const integration = await fetchIntegration(ctx, integrationSel);
    if (flow.integrationId !== integration.id) throw new NotFoundError("Flow");
  }
  return flow;
}

export async function getFlowBySelector({ ctx, input }: { ctx: Ctx; input: FlowSelectorQuery }) {
  return flowToApi(await fetchFlowBySelector(ctx, input));
}

/**
 * `flow(x).reset()`: Membrane resets an integration-level flow to its universal parent. A Flowdeck flow has
 * no template above it, so a reset keeps its definition and only takes a new revision (audited).
 */
export async function resetFlow({ ctx, input }: { ctx: Ctx; input: FlowSelectorQuery }) {
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
}
