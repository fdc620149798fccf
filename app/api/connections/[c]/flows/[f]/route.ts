import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, connFlowParams, ifMatch } from "@/lib/server/params";
import { connectionFlowSelector } from "@/lib/services/flow-instances/connection-flow";
import { getFlowInstanceJson, resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import {
  updateFlowInstance,
  updateFlowInstanceBody,
} from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/instance-actions";

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
  async ({ ctx, params, query, body, req }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
      { autoCreate: true },
    );
    return updateFlowInstance({ ctx, input: { id: instance.id, body: body ?? {}, ifMatch: ifMatch(req) } });
  },
);
export const PATCH = route(
  { params: connFlowParams, query: autoCreateQuery, body: updateFlowInstanceBody },
  async ({ ctx, params, query, body, req }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
      {
        autoCreate: query.autoCreate,
      },
    );
    return updateFlowInstance({ ctx, input: { id: instance.id, body, ifMatch: ifMatch(req) } });
  },
);
export const DELETE = route(
  { params: connFlowParams, query: autoCreateQuery, body: z.unknown() },
  async ({ ctx, params, query }) => {
    const instance = await resolveInstance(
      ctx,
      connectionFlowSelector(ctx, params.c, params.f, query.instanceKey),
    );
    return archiveFlowInstance({ ctx, input: { id: instance.id } });
  },
);
