import { defineVerb } from "../shared/define-verb";
import { fetchFlowBySelector } from "./integration-flows";
import { flowToApi } from "./shared";
import { flowSelectorInput } from "./schemas";

/** `flow({key, integrationKey})` and `integration(i).flow(f)`: the flow a selector names (404 otherwise). */
export const getFlowBySelector = defineVerb(flowSelectorInput, async ({ ctx, input }) =>
  flowToApi(await fetchFlowBySelector(ctx, input)),
);
