import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { setupFlowInstance } from "@/lib/services/flow-instances/setup-flow-instance";

export const dynamic = "force-dynamic";

export const POST = route(
  { params: connFlowParams, query: autoCreateQuery, body: z.unknown() },
  ({ ctx, params, query }) =>
    setupFlowInstance({
      ctx,
      input: { selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey) },
    }),
);
