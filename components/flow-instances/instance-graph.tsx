"use client";

import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import type { FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import type { NodeTypeMap } from "@/components/flow-graph/types";
import type { NodePanelActions } from "@/components/node-config/node-panel";

const graphFallback = () => (
  <div
    style={{ height: 520 }}
    className="animate-pulse rounded-lg border border-slate-200 bg-white"
    aria-label="Loading graph"
  />
);
const FlowGraph = dynamic(() => import("@/components/flow-graph/flow-graph"), {
  ssr: false,
  loading: graphFallback,
});
// The config form (rjsf + ajv) loads when a node is first selected.
const NodePanel = dynamic(() => import("@/components/node-config/node-panel"), {
  ssr: false,
  loading: () => (
    <div
      className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white"
      aria-label="Loading node"
    />
  ),
});

export function InstanceGraph({
  instanceId,
  revision,
  nodes,
  templateNodes,
  types,
  parametersSchema,
  readOnly,
  actions,
}: {
  instanceId: string;
  revision: number;
  nodes: FlowNodes;
  templateNodes?: FlowNodes;
  types: NodeTypeMap;
  parametersSchema?: JsonSchema;
  readOnly?: boolean;
  /** Passed to the node panel (default: the console's server actions). */
  actions?: NodePanelActions;
}) {
  const [selected, setSelected] = useState<string>();
  const onSelect = useCallback((key: string) => setSelected((k) => (k === key ? undefined : key)), []);
  const nodeNames = useMemo(
    () => Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, n.name ?? k])),
    [nodes],
  );
  const node = selected ? nodes[selected] : undefined;
  return (
    <div className={`grid gap-4 ${node ? "lg:grid-cols-[minmax(0,1fr)_400px]" : ""}`}>
      <div>
        <FlowGraph nodes={nodes} types={types} selectedKey={selected} onSelect={onSelect} height={520} />
        <p className="mt-2 text-xs text-slate-500">
          Select a node to see and edit its configuration. Dashed links have a filter.
        </p>
      </div>
      {node && selected && (
        <NodePanel
          // Remount on fresh server data (every save bumps the revision) so the form shows what was stored.
          key={`${selected}:${revision}`}
          instanceId={instanceId}
          nodeKey={selected}
          node={node}
          templateNode={templateNodes?.[selected]}
          typeInfo={types[node.type]}
          parametersSchema={parametersSchema}
          nodeNames={nodeNames}
          readOnly={readOnly}
          actions={actions}
          onClose={() => setSelected(undefined)}
        />
      )}
    </div>
  );
}
