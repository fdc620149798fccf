import { z } from "zod";
import { route } from "@/lib/server/route";
import { fetchFlowBySelector } from "@/lib/services/flows/integration-flows";
import { flowSelectorQuery } from "@/lib/services/flows/schemas";
import { archiveFlow } from "@/lib/services/flows/archive-flow";

export const dynamic = "force-dynamic";

export const POST = route({ query: flowSelectorQuery, body: z.unknown() }, async ({ ctx, query }) => {
  const flow = await fetchFlowBySelector(ctx, query);
  return archiveFlow({ ctx, input: { selector: flow.id, restore: true } });
});
