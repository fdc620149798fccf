import { route } from "@/lib/server/route";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { createFlowInstanceBody } from "@/lib/services/flow-instances/schemas";
import { createFlowInstance } from "@/lib/services/flow-instances/create-flow-instance";

export const dynamic = "force-dynamic";

export const GET = route({ query: listFlowInstancesQuery, cache: true }, ({ ctx, query }) =>
  listFlowInstancesJson({ ctx, input: query }),
);
export const POST = route({ body: createFlowInstanceBody, status: 201 }, ({ ctx, body }) =>
  createFlowInstance({ ctx, input: body }),
);
