import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, ifMatch } from "@/lib/server/params";
import { selectorSchema } from "@/lib/services/flow-instances/shared";
import { getFlowInstanceJson, resolveInstance } from "@/lib/services/flow-instances/get-flow-instance";
import {
  updateFlowInstance,
  updateFlowInstanceBody,
} from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/instance-actions";
import {
  createFlowInstance,
  createFlowInstanceBody,
} from "@/lib/services/flow-instances/create-flow-instance";

export const dynamic = "force-dynamic";

// Selector endpoints: ?id=… or ?flowKey|flowId=…&connectionId|integrationKey|integrationId=…[&instanceKey=…]
const query = selectorSchema.extend(autoCreateQuery.shape);

export const GET = route({ query, cache: true }, ({ ctx, query: { autoCreate, ...selector } }) =>
  getFlowInstanceJson({ ctx, input: { selector, autoCreate } }),
);
export const PATCH = route(
  { query, body: updateFlowInstanceBody },
  async ({ ctx, query: { autoCreate, ...sel }, body, req }) => {
    const instance = await resolveInstance(ctx, sel, { autoCreate });
    return updateFlowInstance({ ctx, input: { id: instance.id, body, ifMatch: ifMatch(req) } });
  },
);
export const PUT = route(
  { query, body: updateFlowInstanceBody },
  async ({ ctx, query: { ...sel }, body, req }) => {
    const instance = await resolveInstance(ctx, sel, { autoCreate: true });
    return updateFlowInstance({
      ctx,
      input: { id: instance.id, body, replace: true, ifMatch: ifMatch(req) },
    });
  },
);
export const DELETE = route(
  { query, body: z.unknown() },
  async ({ ctx, query: { autoCreate: _a, ...sel } }) => {
    void _a;
    const instance = await resolveInstance(ctx, sel);
    return archiveFlowInstance({ ctx, input: { id: instance.id } });
  },
);
// The SDK's `flowInstance(selector).create(data)`: the selector in the query, the rest in the body.
export const POST = route(
  { query: selectorSchema, body: createFlowInstanceBody.optional(), status: 201 },
  ({ ctx, query, body }) => createFlowInstance({ ctx, input: { ...body, ...query } }),
);
