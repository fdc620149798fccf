import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { applyFlow } from "@/lib/services/flows/apply-flow";
import { applyFlowBody } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

// The legacy SDK's `flow(id or key).apply(integrationKeys)`.
export const POST = route({ params: selParams, body: applyFlowBody }, ({ ctx, params, body }) =>
  applyFlow({ ctx, input: { selector: { id: params.sel }, body } }),
);
