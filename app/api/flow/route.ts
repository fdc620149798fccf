import { z } from "zod";
import { route } from "@/lib/server/route";
import { fetchFlowBySelector } from "@/lib/services/flows/integration-flows";
import { getFlowBySelector } from "@/lib/services/flows/get-flow-by-selector";
import { archiveFlow } from "@/lib/services/flows/archive-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { flowSelectorQuery, patchFlowBody } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

// The SDK's `flow({key, integrationKey})` accessor: `/flow?<selector>`.
export const GET = route({ query: flowSelectorQuery }, ({ ctx, query }) =>
  getFlowBySelector({ ctx, input: query }),
);
const update = route({ query: flowSelectorQuery, body: patchFlowBody }, async ({ ctx, query, body }) => {
  const flow = await fetchFlowBySelector(ctx, query);
  return patchFlow({ ctx, input: { selector: flow.id, body } });
});
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ query: flowSelectorQuery, body: z.unknown() }, async ({ ctx, query }) => {
  const flow = await fetchFlowBySelector(ctx, query);
  return archiveFlow({ ctx, input: { selector: flow.id } });
});
