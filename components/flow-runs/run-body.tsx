import type { FlowNodes } from "@/lib/core/flow";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import type { NodeTypeMap } from "@/components/flow-graph/types";
import { LiveRunBody, type LiveRunProps } from "./live-run";

/** What the run's graph and node list show of each node (not its config or input/output schemas). */
function forGraph(nodes: FlowNodes): FlowNodes {
  return Object.fromEntries(
    Object.entries(nodes).map(([k, n]) => [
      k,
      {
        type: n.type,
        name: n.name,
        links: n.links,
        state: n.state,
        isCustomized: n.isCustomized,
        errors: n.errors,
      },
    ]),
  );
}

/**
 * A run's page body, the same in the console and the embed: its errors, the graph coloured by node-run
 * state with the node runs, and the run's input and output. Laid out on the server; kept live in the
 * browser (LiveRunBody).
 */
export function RunBody({ nodes, types, ...live }: LiveRunProps & { nodes: FlowNodes; types: NodeTypeMap }) {
  return <LiveRunBody {...live} graph={{ nodes: forGraph(nodes), positions: layoutGraph(nodes), types }} />;
}
