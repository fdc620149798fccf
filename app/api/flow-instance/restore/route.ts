import { z } from "zod";
import { route } from "@/lib/server/route";
import { selectorSchema } from "@/lib/services/flow-instances/shared";
import { resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/instance-actions";

export const dynamic = "force-dynamic";

export const POST = route({ query: selectorSchema, body: z.unknown() }, async ({ ctx, query }) => {
  const instance = await resolveInstance(ctx, query);
  return archiveFlowInstance({ ctx, input: { id: instance.id, restore: true } });
});
