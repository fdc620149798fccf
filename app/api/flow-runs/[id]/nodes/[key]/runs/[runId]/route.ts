import { z } from "zod";
import { route } from "@/lib/server/route";
import { getNodeRun, listNodeRuns } from "@/lib/services/flow-runs/get-flow-run";

export const dynamic = "force-dynamic";

const params = z.object({
  id: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  runId: z.string().min(1).max(400),
});

// The SDK appends its query string as a path segment (`runs/cursor=…`): treat a non-id segment as a list request.
export const GET = route({ params }, ({ ctx, params }) =>
  /^[0-9a-f]{24}$/.test(params.runId)
    ? getNodeRun({ ctx, input: { id: params.id, nodeKey: params.key, nodeRunId: params.runId } })
    : listNodeRuns({ ctx, input: { id: params.id, nodeKey: params.key } }),
);
