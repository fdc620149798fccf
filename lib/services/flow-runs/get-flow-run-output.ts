import { fetchRun } from "./shared";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/** The run's result: the data of its final outputs (one value, or a list when several branches ended). */
export const getFlowRunOutput = defineVerb(runIdInput, async ({ ctx, input }) => {
  const run = await fetchRun(ctx, input.id);
  return run.output ?? null;
});
