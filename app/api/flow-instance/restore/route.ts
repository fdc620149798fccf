import { z } from "zod";
import { route } from "@/lib/server/route";
import { selectorSchema } from "@/lib/services/flow-instances/schemas";
import { restoreFlowInstance } from "@/lib/services/flow-instances/restore-flow-instance";

export const dynamic = "force-dynamic";

export const POST = route({ query: selectorSchema, body: z.unknown() }, ({ ctx, query }) =>
  restoreFlowInstance({ ctx, input: { selector: query } }),
);
