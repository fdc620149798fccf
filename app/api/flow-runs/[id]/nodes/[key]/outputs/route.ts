import { route } from "@/lib/server/route";
import { nodeParams } from "@/lib/server/params";
import { nodePageQuery } from "@/lib/services/flow-runs/schemas";
import { listNodeOutputs } from "@/lib/services/flow-runs/list-node-outputs";

export const dynamic = "force-dynamic";

export const GET = route({ params: nodeParams, query: nodePageQuery }, ({ ctx, params, query }) =>
  listNodeOutputs({ ctx, input: { id: params.id, nodeKey: params.key, ...query } }),
);
