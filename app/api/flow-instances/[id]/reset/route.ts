import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { resetFlowInstanceBody } from "@/lib/services/flow-instances/schemas";
import { resetFlowInstance } from "@/lib/services/flow-instances/reset-flow-instance";

export const dynamic = "force-dynamic";

export const POST = route({ params: idParams, body: resetFlowInstanceBody }, ({ ctx, params, body }) =>
  resetFlowInstance({ ctx, input: { id: params.id, options: body } }),
);
