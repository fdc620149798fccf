import { z } from "zod";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { setupFlowInstance } from "@/lib/services/flow-instances/setup-flow-instance";

export const dynamic = "force-dynamic";

export const POST = route({ params: idParams, body: z.unknown() }, ({ ctx, params }) =>
  setupFlowInstance({ ctx, input: { id: params.id } }),
);
