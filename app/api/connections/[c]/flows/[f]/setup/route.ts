import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { setupFlowInstance } from "@/lib/services/flow-instances/instance-actions";

export const dynamic = "force-dynamic";

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: z.unknown() },
  async ({ ctx, params, query }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
    );
    return setupFlowInstance({ ctx, input: { id: instance.id } });
  },
);
