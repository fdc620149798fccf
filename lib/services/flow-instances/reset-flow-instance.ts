import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import { defineVerb } from "../shared/define-verb";
import { instanceAction, saveMaterialized } from "./instance-action";
import { resetFlowInstanceInput } from "./schemas";

/** Restores name and/or nodes from the current flow; no options means everything. Keeps the id. */
export const resetFlowInstance = defineVerb(resetFlowInstanceInput, ({ ctx, input }) =>
  instanceAction(ctx, input, "reset", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
    const o = input.options;
    const everything = !o || (o.name === undefined && o.nodes === undefined && o.allNodes === undefined);
    const flowNodes = structuredClone(flow.nodes) as FlowNodes;
    let nodes = structuredClone(current.nodes) as FlowNodes;
    if (everything || o?.allNodes) nodes = flowNodes;
    else
      for (const [key, yes] of Object.entries(o?.nodes ?? {})) {
        if (!yes) continue;
        if (key in flowNodes) nodes[key] = flowNodes[key];
        else delete nodes[key];
      }
    const name = everything || o?.name ? flow.name : current.name;
    return saveMaterialized(
      tx,
      current,
      name,
      nodes,
      flow,
      everything || o?.allNodes ? { flowRevision: flow.revision } : {},
    );
  }),
);
