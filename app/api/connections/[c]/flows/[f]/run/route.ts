import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";

export const dynamic = "force-dynamic";

const body = z.object({
  nodeKey: z.string().max(200).optional(),
  startNodeKey: z.string().max(200).optional(),
  input: z.unknown().optional(),
});

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: body.optional() },
  ({ ctx, params, query, body }) =>
    createFlowRun({
      ctx,
      input: {
        ...body,
        selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
        autoCreate: query.autoCreate,
      },
    }),
);
