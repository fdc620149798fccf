import { route } from "@/lib/server/route";
import { nodeParams } from "@/lib/server/params";
import { listNodeRuns, nodePageQuery } from "@/lib/services/flow-runs/get-flow-run";

export const dynamic = "force-dynamic";

export const GET = route({ params: nodeParams, query: nodePageQuery }, ({ ctx, params, query }) =>
  listNodeRuns({ ctx, input: { id: params.id, nodeKey: params.key, ...query } }),
);
