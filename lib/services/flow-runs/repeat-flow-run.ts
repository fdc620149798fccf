import { BadRequestError } from "../../core/errors";
import { fetchRun } from "./shared";
import { createFlowRun } from "./create-flow-run";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/** A new run of the same instance with the same input and start node (the SDK's `flowRun(id).repeat()`). */
export const repeatFlowRun = defineVerb(runIdInput, async ({ ctx, input }) => {
  const source = await fetchRun(ctx, input.id);
  if (source.state === "running") throw new BadRequestError("Cannot repeat a running flow run");
  const run = await createFlowRun({
    ctx,
    input: {
      flowInstanceId: source.flowInstanceId,
      input: source.input,
      startNodeKey: source.startNodeKey ?? undefined,
      meta: source.meta ?? undefined,
    },
  });
  if (!run) throw new BadRequestError("The run could not be repeated");
  return run;
});
