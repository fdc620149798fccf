import { fetchFlow, flowToApi } from "./shared";
import { defineVerb } from "../shared/define-verb";
import { getFlowInput } from "./schemas";

export const getFlow = defineVerb(getFlowInput, async ({ ctx, input }) =>
  flowToApi(await fetchFlow(ctx, input.selector)),
);
