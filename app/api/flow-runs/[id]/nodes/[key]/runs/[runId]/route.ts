import { z } from "zod";
import { route } from "@/lib/server/route";
import { BadRequestError } from "@/lib/core/errors";
import { zodMessage } from "@/lib/services/shared/define-verb";
import { nodePageQuery } from "@/lib/services/flow-runs/schemas";
import { getNodeRun } from "@/lib/services/flow-runs/get-node-run";
import { listNodeRuns } from "@/lib/services/flow-runs/list-node-runs";

export const dynamic = "force-dynamic";

const params = z.object({
  id: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  runId: z.string().min(1).max(400),
});

// The SDK appends getNodeRuns' query string as a path segment (`runs/cursor=…`): a non-id segment is a list
// request with that query.
export const GET = route({ params }, ({ ctx, params }) => {
  if (/^[0-9a-f]{24}$/.test(params.runId))
    return getNodeRun({ ctx, input: { id: params.id, nodeKey: params.key, nodeRunId: params.runId } });
  const parsed = nodePageQuery.safeParse(Object.fromEntries(new URLSearchParams(params.runId)));
  if (!parsed.success) throw new BadRequestError(zodMessage("query", parsed.error));
  return listNodeRuns({ ctx, input: { id: params.id, nodeKey: params.key, ...parsed.data } });
});
