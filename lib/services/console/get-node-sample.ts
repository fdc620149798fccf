import { and, desc, eq, inArray } from "drizzle-orm";
import { flowRuns, nodeRuns } from "../../db/schema";
import { defineVerb } from "../shared/define-verb";
import { nodeSampleInput } from "./schemas";
import { fetchInstance } from "../flow-instances/shared";

/** How many of the instance's newest runs are searched for one that reached the node. */
const RECENT_RUNS = 20;

export type NodeSample =
  | { source: "example" }
  | {
      source: "run";
      runId: string;
      nodeRunId: string;
      /** When the node ran (ISO). */
      time: string;
      /** The node's input in that run: what its formulas saw as `$.input`. */
      input: unknown;
      flowRun: { id: string; startNodeKey?: string; input?: unknown };
      /** The node's first output in that run (absent when it produced none, e.g. a filter that stopped). */
      output?: { data: unknown };
    };

/**
 * The input a node had in the instance's latest run that reached it: the node panel's live preview evaluates
 * the config against it in the browser. `example` when no recent run reached the node (the panel then uses an
 * example generated from the input schema). Tenant-scoped through the instance.
 */
export const getNodeSample = defineVerb(nodeSampleInput, async ({ ctx, input }): Promise<NodeSample> => {
  const { flowInstanceId, nodeKey } = input;
  const instance = await fetchInstance(ctx, flowInstanceId);
  const runs = await ctx.db
    .select({ id: flowRuns.id, startNodeKey: flowRuns.startNodeKey, input: flowRuns.input })
    .from(flowRuns)
    .where(eq(flowRuns.flowInstanceId, instance.id))
    .orderBy(desc(flowRuns.id))
    .limit(RECENT_RUNS);
  if (!runs.length) return { source: "example" };
  const [nodeRun] = await ctx.db
    .select({
      id: nodeRuns.id,
      flowRunId: nodeRuns.flowRunId,
      input: nodeRuns.input,
      outputs: nodeRuns.outputs,
      at: nodeRuns.startTime,
    })
    .from(nodeRuns)
    .where(
      and(
        inArray(
          nodeRuns.flowRunId,
          runs.map((r) => r.id),
        ),
        eq(nodeRuns.nodeKey, nodeKey),
      ),
    )
    .orderBy(desc(nodeRuns.flowRunId), nodeRuns.id)
    .limit(1);
  if (!nodeRun) return { source: "example" };
  const run = runs.find((r) => r.id === nodeRun.flowRunId)!;
  return {
    source: "run",
    runId: run.id,
    nodeRunId: nodeRun.id,
    time: new Date(nodeRun.at).toISOString(),
    input: nodeRun.input ?? {},
    flowRun: { id: run.id, startNodeKey: run.startNodeKey ?? undefined, input: run.input ?? undefined },
    output: nodeRun.outputs.length ? { data: nodeRun.outputs[0].data } : undefined,
  };
});
