import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams, ifMatch } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { updateFlowInstanceBody } from "@/lib/services/flow-instances/schemas";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: connFlowParams, query: autoCreateQuery, cache: true },
  ({ ctx, params, query }) =>
    getFlowInstanceJson({
      ctx,
      input: {
        selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
        autoCreate: query.autoCreate,
      },
    }),
);
// PUT creates the instance when missing (the SDK's `create()`), then applies the body.
export const PUT = route(
  { params: connFlowParams, query: autoCreateQuery, body: updateFlowInstanceBody.optional() },
  ({ ctx, params, query, body, req }) =>
    updateFlowInstance({
      ctx,
      input: {
        selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
        autoCreate: true,
        body: body ?? {},
        ifMatch: ifMatch(req),
      },
    }),
);
export const PATCH = route(
  { params: connFlowParams, query: autoCreateQuery, body: updateFlowInstanceBody },
  ({ ctx, params, query, body, req }) =>
    updateFlowInstance({
      ctx,
      input: {
        selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
        autoCreate: query.autoCreate,
        body,
        ifMatch: ifMatch(req),
      },
    }),
);
export const DELETE = route(
  { params: connFlowParams, query: autoCreateQuery, body: z.unknown() },
  ({ ctx, params, query }) =>
    archiveFlowInstance({
      ctx,
      input: { selector: connectionFlowSelector(ctx, params.c, params.f, query.instanceKey) },
    }),
);
