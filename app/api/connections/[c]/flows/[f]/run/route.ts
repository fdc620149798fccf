import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";

export const dynamic = "force-dynamic";

const body = z.object({
  nodeKey: z.string().max(200).optional(),
  startNodeKey: z.string().max(200).optional(),
  input: z.unknown().optional(),
});

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: body.optional() },
  async ({ ctx, params, query, body }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
      { autoCreate: query.autoCreate },
    );
    return createFlowRun({ ctx, input: { ...body, flowInstanceId: instance.id } });
  },
);
