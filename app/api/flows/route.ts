import { route } from "@/lib/server/route";
import { listFlows } from "@/lib/services/flows/list-flows";
import { listFlowsQuery } from "@/lib/services/flows/schemas";
import { createFlow } from "@/lib/services/flows/create-flow";
import { createFlowBody } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ query: listFlowsQuery, cache: true }, ({ ctx, query }) =>
  listFlows({ ctx, input: query }),
);
export const POST = route({ body: createFlowBody, status: 201 }, ({ ctx, body }) =>
  createFlow({ ctx, input: body }),
);
