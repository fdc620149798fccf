import { z } from "zod";
import { route } from "@/lib/server/route";
import { autoCreateQuery, ifMatch } from "@/lib/server/params";
import {
  createFlowInstanceBody,
  selectorSchema,
  updateFlowInstanceBody,
} from "@/lib/services/flow-instances/schemas";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { createFlowInstance } from "@/lib/services/flow-instances/create-flow-instance";

export const dynamic = "force-dynamic";

// Selector endpoints: ?id=… or ?flowKey|flowId=…&connectionId|integrationKey|integrationId=…[&instanceKey=…]
const query = selectorSchema.extend(autoCreateQuery.shape);

export const GET = route({ query, cache: true }, ({ ctx, query: { autoCreate, ...selector } }) =>
  getFlowInstanceJson({ ctx, input: { selector, autoCreate } }),
);
export const PATCH = route(
  { query, body: updateFlowInstanceBody },
  ({ ctx, query: { autoCreate, ...selector }, body, req }) =>
    updateFlowInstance({ ctx, input: { selector, autoCreate, body, ifMatch: ifMatch(req) } }),
);
export const PUT = route(
  { query, body: updateFlowInstanceBody },
  ({ ctx, query: { autoCreate: _a, ...selector }, body, req }) =>
    updateFlowInstance({
      ctx,
      input: { selector, autoCreate: true, body, replace: true, ifMatch: ifMatch(req) },
    }),
);
export const DELETE = route({ query, body: z.unknown() }, ({ ctx, query: { autoCreate: _a, ...selector } }) =>
  archiveFlowInstance({ ctx, input: { selector } }),
);
// The SDK's `flowInstance(selector).create(data)`: the selector in the query, the rest in the body.
export const POST = route(
  { query: selectorSchema, body: createFlowInstanceBody.optional(), status: 201 },
  ({ ctx, query, body }) => createFlowInstance({ ctx, input: { ...body, ...query } }),
);
