"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import type { FlowNodes } from "@/lib/core/flow";
import type { NodeTypeMap } from "@/components/flow-graph/types";
import type { NodePositions } from "@/components/flow-graph/layout";
import { JsonViewer } from "@/components/ui/json-viewer";
import { Button } from "@/components/ui/button";

const FlowGraph = dynamic(() => import("@/components/flow-graph/flow-graph"), {
  ssr: false,
  loading: () => (
    <div
      style={{ height: 480 }}
      className="animate-pulse rounded-lg border border-slate-200 bg-white"
      aria-label="Loading graph"
    />
  ),
});

/** A template's graph, read-only: selecting a node shows its definition. */
export function FlowGraphView({
  nodes,
  positions,
  types,
}: {
  nodes: FlowNodes;
  /** Laid out on the server (`layoutGraph`). */
  positions?: NodePositions;
  types: NodeTypeMap;
}) {
  const [selected, setSelected] = useState<string>();
  const onSelect = useCallback((k: string) => setSelected(k), []);
  const node = selected ? nodes[selected] : undefined;
  return (
    <div className={`grid gap-4 ${node ? "lg:grid-cols-[minmax(0,1fr)_380px]" : ""}`}>
      <FlowGraph
        nodes={nodes}
        positions={positions}
        types={types}
        selectedKey={selected}
        onSelect={onSelect}
        height={480}
      />
      {node && (
        <aside
          aria-label={`Node ${node.name ?? selected}`}
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <div className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <h2 className="truncate font-semibold">{node.name ?? selected}</h2>
              <p className="text-xs text-slate-500">
                <span className="font-mono">{selected}</span> · {types[node.type]?.name ?? node.type}
              </p>
            </div>
            <Button size="sm" variant="ghost" aria-label="Close node" onClick={() => setSelected(undefined)}>
              ✕
            </Button>
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">Config</h3>
            <JsonViewer value={node.config ?? {}} />
          </div>
          {node.links?.length ? (
            <div>
              <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">Links</h3>
              <JsonViewer value={node.links} />
            </div>
          ) : null}
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">Output schema</h3>
            <JsonViewer value={node.outputSchema ?? {}} />
          </div>
        </aside>
      )}
    </div>
  );
}
