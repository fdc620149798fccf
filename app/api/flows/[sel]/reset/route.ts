import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { resetFlow } from "@/lib/services/flows/reset-flow";

export const dynamic = "force-dynamic";

export const POST = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  resetFlow({ ctx, input: { id: params.sel } }),
);
