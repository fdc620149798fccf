import { eq } from "drizzle-orm";
import { nodeRuns } from "../../db/schema";
import { NotFoundError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { fetchRun } from "./shared";
import { findNodeRun } from "./node-runs";
import { getNodeRunInput } from "./schemas";

/** One run of a node in a run. */
export const getNodeRun = defineVerb(getNodeRunInput, async ({ ctx, input }) => {
  await fetchRun(ctx, input.id);
  const run = await findNodeRun(ctx, input, eq(nodeRuns.id, input.nodeRunId));
  if (!run) throw new NotFoundError("Node run");
  return run;
});
