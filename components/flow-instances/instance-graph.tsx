"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import type { NodeTypeMap } from "@/components/flow-graph/types";
import type { NodePositions } from "@/components/flow-graph/layout";
import FlowGraph from "@/components/flow-graph/flow-graph";
import { lazyModule, whenIdle } from "@/components/flow-graph/client";
import { Button } from "@/components/ui/button";
import { useDropStaleDrafts } from "@/components/node-config/drafts";

// The node panel (rjsf + ajv) is a chunk of its own, fetched when the browser is idle after the graph is drawn
// (so the first selection does not wait for it) or on the first selection, whichever comes first.
const nodePanel = lazyModule(() => import("@/components/node-config/node-panel"));

export function InstanceGraph({
  instanceId,
  revision,
  nodes,
  templateNodes,
  types,
  positions,
  parametersSchema,
  readOnly,
}: {
  instanceId: string;
  revision: number;
  nodes: FlowNodes;
  /** Node positions laid out on the server (`layoutGraph`); laid out in the browser when absent. */
  positions?: NodePositions;
  templateNodes?: FlowNodes;
  types: NodeTypeMap;
  parametersSchema?: JsonSchema;
  readOnly?: boolean;
}) {
  const [selected, setSelected] = useState<string>();
  const onSelect = useCallback((key: string) => setSelected((k) => (k === key ? undefined : key)), []);
  const nodeNames = useMemo(
    () => Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, n.name ?? k])),
    [nodes],
  );
  const node = selected ? nodes[selected] : undefined;
  // Unsaved node edits (kept while switching nodes) no longer apply once the stored config changed.
  useDropStaleDrafts(instanceId, nodes);
  // The graph's code is part of the page's chunks (it downloads in parallel with the rest); the node panel's
  // is fetched once the browser is idle after hydration.
  useEffect(() => whenIdle(nodePanel.preload), []);
  const panel = nodePanel.useModule(!!node);
  const NodePanel = panel.module?.default;
  return (
    <div className={`grid gap-4 ${node ? "lg:grid-cols-[minmax(0,1fr)_480px]" : ""}`}>
      <div>
        <FlowGraph
          nodes={nodes}
          types={types}
          positions={positions}
          selectedKey={selected}
          onSelect={onSelect}
          height={520}
        />
        <p className="mt-2 text-xs text-slate-500">
          Select a node to see and edit its configuration. Dashed links have a filter.
        </p>
      </div>
      {node && selected && !NodePanel && (
        <div
          className="flex h-64 items-center justify-center rounded-lg border border-slate-200 bg-white text-sm text-slate-500"
          aria-busy={!panel.failed}
          aria-label="Loading node"
        >
          {panel.failed ? (
            <span role="alert">
              Could not load the node panel.{" "}
              <Button size="sm" variant="ghost" onClick={panel.retry}>
                Retry
              </Button>
            </span>
          ) : (
            <span className="h-full w-full animate-pulse rounded-lg bg-slate-50" />
          )}
        </div>
      )}
      {node && selected && NodePanel && (
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
          onClose={() => setSelected(undefined)}
        />
      )}
    </div>
  );
}
