import { instanceDetail } from "./embedded";
import { resolveInstance } from "./instance-action";
import { defineVerb } from "../shared/define-verb";
import { getFlowInstanceInput } from "./schemas";

/** One instance (`{id}` or a flow + connection selector; with `autoCreate` created when missing) with its embeds. */
export const getFlowInstance = defineVerb(getFlowInstanceInput, async ({ ctx, input }) => {
  const instance = await resolveInstance(ctx, input.selector, { autoCreate: input.autoCreate });
  return instanceDetail(ctx, instance);
});
