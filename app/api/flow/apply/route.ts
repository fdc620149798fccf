import { route } from "@/lib/server/route";
import { applyFlow } from "@/lib/services/flows/apply-flow";
import { applyFlowBody, flowSelectorQuery } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

// The legacy SDK's `flow({key, …}).apply(integrationKeys)`: the selector in the query.
export const POST = route({ query: flowSelectorQuery, body: applyFlowBody }, ({ ctx, query, body }) =>
  applyFlow({ ctx, input: { selector: query, body } }),
);
