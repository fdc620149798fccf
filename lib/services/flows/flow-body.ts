import type { Ctx } from "../context";
import type { FlowNodes } from "../../core/flow";
import { fetchIntegration } from "../integrations/shared";
import { compileParametersSchema } from "../flow-instances/parameters";
import { assertValidGraph } from "./shared";
import type { PatchFlowBody } from "./schemas";

/** Checks a create or patch body; the integration it names (id or key) as its id. */
export async function checkFlowBody(ctx: Ctx, body: PatchFlowBody) {
  if (body.nodes) assertValidGraph(body.nodes as FlowNodes);
  if (body.parametersSchema) compileParametersSchema(body.parametersSchema);
  const integrationSel = body.integrationId ?? body.integrationKey;
  return integrationSel ? (await fetchIntegration(ctx, integrationSel)).id : undefined;
}
