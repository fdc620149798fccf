import { route } from "@/lib/server/route";
import { nodeParams } from "@/lib/server/params";
import { listNodeOutputs } from "@/lib/services/flow-runs/get-flow-run";

export const dynamic = "force-dynamic";

export const GET = route({ params: nodeParams }, ({ ctx, params }) =>
  listNodeOutputs({ ctx, input: { id: params.id, nodeKey: params.key } }),
);
