import { defineVerb } from "../shared/define-verb";
import { instanceAction, toLatestFlow } from "./instance-action";
import { updateFlowInstanceToLatestInput } from "./schemas";

/** Takes the flow's newest revision for every part the customer has not customized. */
export const updateFlowInstanceToLatest = defineVerb(updateFlowInstanceToLatestInput, ({ ctx, input }) =>
  instanceAction(ctx, input, "update-to-latest-flow", toLatestFlow),
);
