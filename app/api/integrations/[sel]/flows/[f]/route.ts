import { z } from "zod";
import { route } from "@/lib/server/route";
import { fetchFlowBySelector } from "@/lib/services/flows/integration-flows";
import { getFlowBySelector } from "@/lib/services/flows/get-flow-by-selector";
import { archiveFlow } from "@/lib/services/flows/archive-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { patchFlowBody } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

// `integration(i).flow(f)`: flow `f` (id or key) if it belongs to integration `i` (id or key), else 404.
const params = z.object({ sel: z.string().min(1).max(200), f: z.string().min(1).max(200) });
const selector = (p: z.infer<typeof params>) => ({ id: p.f, integrationId: p.sel });

export const GET = route({ params }, ({ ctx, params }) =>
  getFlowBySelector({ ctx, input: selector(params) }),
);
const update = route({ params, body: patchFlowBody }, async ({ ctx, params, body }) => {
  const flow = await fetchFlowBySelector(ctx, selector(params));
  return patchFlow({ ctx, input: { selector: flow.id, body } });
});
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ params, body: z.unknown() }, async ({ ctx, params }) => {
  const flow = await fetchFlowBySelector(ctx, selector(params));
  return archiveFlow({ ctx, input: { selector: flow.id } });
});
