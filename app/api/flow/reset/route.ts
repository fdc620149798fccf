import { z } from "zod";
import { route } from "@/lib/server/route";
import { flowSelectorQuery, resetFlow } from "@/lib/services/flows/integration-flows";

export const dynamic = "force-dynamic";

export const POST = route({ query: flowSelectorQuery, body: z.unknown() }, ({ ctx, query }) =>
  resetFlow({ ctx, input: query }),
);
