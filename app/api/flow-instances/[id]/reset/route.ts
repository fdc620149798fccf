import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { resetFlowInstance, resetFlowInstanceBody } from "@/lib/services/flow-instances/instance-actions";

export const dynamic = "force-dynamic";

export const POST = route({ params: idParams, body: resetFlowInstanceBody }, ({ ctx, params, body }) =>
  resetFlowInstance({ ctx, input: { id: params.id, options: body } }),
);
