import { z } from "zod";
import { route } from "@/lib/server/route";
import { idParams, ifMatch } from "@/lib/server/params";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { updateFlowInstanceBody } from "@/lib/services/flow-instances/schemas";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";

export const dynamic = "force-dynamic";

export const GET = route({ params: idParams, cache: true }, ({ ctx, params }) =>
  getFlowInstanceJson({ ctx, input: { selector: { id: params.id } } }),
);
export const PATCH = route({ params: idParams, body: updateFlowInstanceBody }, ({ ctx, params, body, req }) =>
  updateFlowInstance({ ctx, input: { id: params.id, body, ifMatch: ifMatch(req) } }),
);
export const PUT = route({ params: idParams, body: updateFlowInstanceBody }, ({ ctx, params, body, req }) =>
  updateFlowInstance({ ctx, input: { id: params.id, body, replace: true, ifMatch: ifMatch(req) } }),
);
export const DELETE = route({ params: idParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveFlowInstance({ ctx, input: { id: params.id } }),
);
