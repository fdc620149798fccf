import { sql } from "drizzle-orm";
import { nodeRuns } from "../../db/schema";
import { NotFoundError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { fetchRun } from "./shared";
import { findNodeRun } from "./node-runs";
import { getNodeOutputInput } from "./schemas";

/** One output of a node in a run, with the node runs it fed. */
export const getNodeOutput = defineVerb(getNodeOutputInput, async ({ ctx, input }) => {
  await fetchRun(ctx, input.id);
  const run = await findNodeRun(
    ctx,
    input,
    sql`${nodeRuns.outputs} @> ${JSON.stringify([{ id: input.outputId }])}::jsonb`,
  );
  const out = run?.outputs.find((o) => o.id === input.outputId);
  if (!out) throw new NotFoundError("Node output");
  return out;
});
