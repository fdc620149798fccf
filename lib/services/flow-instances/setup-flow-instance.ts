import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import { defineVerb } from "../shared/define-verb";
import { instanceAction, saveMaterialized } from "./instance-action";
import { setupFlowInstanceInput } from "./schemas";

/** Recomputes every node's input/output schema, state and errors. */
export const setupFlowInstance = defineVerb(setupFlowInstanceInput, ({ ctx, input }) =>
  instanceAction(ctx, input, "setup", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
    return saveMaterialized(tx, current, current.name, current.nodes as FlowNodes, flow);
  }),
);
