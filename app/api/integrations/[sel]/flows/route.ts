import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { listFlows } from "@/lib/services/flows/list-flows";
import { listFlowsQuery } from "@/lib/services/flows/schemas";
import { createFlow } from "@/lib/services/flows/create-flow";
import { createFlowFields, requireKeyOrName } from "@/lib/services/flows/schemas";
import { fetchIntegration } from "@/lib/services/integrations/shared";

export const dynamic = "force-dynamic";

// `integration(i).flows`: the flows of that integration.
export const GET = route({ params: selParams, query: listFlowsQuery }, async ({ ctx, params, query }) => {
  const integration = await fetchIntegration(ctx, params.sel);
  return listFlows({ ctx, input: { ...query, integrationId: integration.id } });
});
export const POST = route(
  {
    params: selParams,
    body: requireKeyOrName(createFlowFields.omit({ integrationId: true, integrationKey: true })),
    status: 201,
  },
  async ({ ctx, params, body }) => {
    const integration = await fetchIntegration(ctx, params.sel);
    return createFlow({ ctx, input: { ...body, integrationId: integration.id } });
  },
);
