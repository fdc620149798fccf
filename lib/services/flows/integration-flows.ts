import type { FlowRow } from "../../db/schema";
import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";
import { fetchIntegration } from "../integrations/shared";
import { fetchFlow } from "./shared";
import type { FlowSelectorQuery } from "./schemas";

// Integration-level flows (`integration(i).flow(f)`, `flow({key, integrationKey})`) are flows filtered by
// integration: Flowdeck has no universal flows with per-integration copies.

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
