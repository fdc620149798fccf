import { route } from "@/lib/server/route";
import { flowSelectorQuery } from "@/lib/services/flows/integration-flows";
import { applyFlow, applyFlowBody } from "@/lib/services/flows/apply-flow";

export const dynamic = "force-dynamic";

// The legacy SDK's `flow({key, …}).apply(integrationKeys)`: the selector in the query.
export const POST = route({ query: flowSelectorQuery, body: applyFlowBody }, ({ ctx, query, body }) =>
  applyFlow({ ctx, input: { selector: query, body } }),
);
