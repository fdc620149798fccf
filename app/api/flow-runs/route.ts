import { route } from "@/lib/server/route";
import { listFlowRunsJson } from "@/lib/services/flow-runs/list-flow-runs-json";
import { listFlowRunsQuery } from "@/lib/services/flow-runs/schemas";
import { createFlowRunBody } from "@/lib/services/flow-runs/schemas";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";

export const dynamic = "force-dynamic";

export const GET = route({ query: listFlowRunsQuery, cache: true }, ({ ctx, query }) =>
  listFlowRunsJson({ ctx, input: query }),
);
export const POST = route({ body: createFlowRunBody, status: 201 }, ({ ctx, body }) =>
  createFlowRun({ ctx, input: body }),
);
