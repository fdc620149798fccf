import { z } from "zod";
import { route } from "@/lib/server/route";
import { resetFlow } from "@/lib/services/flows/reset-flow";
import { flowSelectorQuery } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

export const POST = route({ query: flowSelectorQuery, body: z.unknown() }, ({ ctx, query }) =>
  resetFlow({ ctx, input: query }),
);
