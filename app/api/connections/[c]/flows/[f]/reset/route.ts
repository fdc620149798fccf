import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { resetFlowInstance, resetFlowInstanceBody } from "@/lib/services/flow-instances/instance-actions";

export const dynamic = "force-dynamic";

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: resetFlowInstanceBody },
  async ({ ctx, params, query, body }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
    );
    return resetFlowInstance({ ctx, input: { id: instance.id, options: body } });
  },
);
