import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import { defineVerb } from "../shared/define-verb";
import { materialize } from "./shared";
import { instanceAction, saveInstance } from "./instance-action";
import { setupFlowInstanceInput } from "./schemas";

/** Recomputes every node's input/output schema, state and errors. */
export const setupFlowInstance = defineVerb(setupFlowInstanceInput, ({ ctx, input }) =>
  instanceAction(ctx, input, "setup", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
    const m = materialize(current.name, current.nodes as FlowNodes, flow);
    return saveInstance(tx, current, {
      nodes: m.nodes,
      state: m.state,
      errors: m.errors,
      isCustomized: m.isCustomized,
      customized: m.customized,
    });
  }),
);
