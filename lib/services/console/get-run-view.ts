import { defineVerb } from "../shared/define-verb";
import { idInput } from "./schemas";
import { getFlowRun } from "../flow-runs/get-flow-run";
import { getFlowRunOutput } from "../flow-runs/get-flow-run-output";
import { listRunNodeRuns } from "./list-run-node-runs";

/** What a run page shows that changes while the run runs: the run, its output and its node runs. */
export const getRunView = defineVerb(idInput, async ({ ctx, input }) => {
  const run = await getFlowRun({ ctx, input });
  const [output, nodeRuns] = await Promise.all([
    getFlowRunOutput({ ctx, input }),
    listRunNodeRuns({ ctx, input }),
  ]);
  return { run, output, nodeRuns };
});

export type RunViewData = Awaited<ReturnType<typeof getRunView>>;
