import type { FlowNodes } from "@/lib/core/flow";
import { JsonViewer } from "@/components/ui/json-viewer";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import type { NodeRunCounters, NodeTypeMap } from "@/components/flow-graph/types";
import { RunView, type NodeRunView } from "./run-view";

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
 * state with the node runs, and the run's input and output. Rendered on the server (layout included).
 */
export function RunBody({
  run,
  nodes,
  types,
  nodeRuns,
  output,
}: {
  run: { errors: unknown[]; nodes: unknown; input?: unknown };
  nodes: FlowNodes;
  types: NodeTypeMap;
  nodeRuns: { byNode: Record<string, NodeRunView[]>; totals: Record<string, number> };
  output: unknown;
}) {
  return (
    <>
      {run.errors.length > 0 && (
        <section role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {run.errors.map((e, i) => (
            <p key={i}>{(e as { message?: string }).message ?? JSON.stringify(e)}</p>
          ))}
        </section>
      )}
      <RunView
        nodes={forGraph(nodes)}
        positions={layoutGraph(nodes)}
        types={types}
        counters={run.nodes as Record<string, NodeRunCounters>}
        nodeRuns={nodeRuns.byNode}
        totals={nodeRuns.totals}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <section>
          <h2 className="mb-2 text-base font-medium">Input</h2>
          <JsonViewer value={run.input ?? null} testId="run-input" />
        </section>
        <section>
          <h2 className="mb-2 text-base font-medium">Output</h2>
          <JsonViewer value={output ?? null} testId="run-output" />
        </section>
      </div>
    </>
  );
}
