import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { resetFlowInstanceBody } from "@/lib/services/flow-instances/schemas";
import { resetFlowInstance } from "@/lib/services/flow-instances/reset-flow-instance";

export const dynamic = "force-dynamic";

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: resetFlowInstanceBody },
  ({ ctx, params, query, body }) =>
    resetFlowInstance({
      ctx,
      input: {
        selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
        options: body,
      },
    }),
);
