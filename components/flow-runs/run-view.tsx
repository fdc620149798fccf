"use client";

import { useCallback, useState } from "react";
import type { FlowNodes } from "@/lib/core/flow";
import type { NodeRunCounters, NodeTypeMap } from "@/components/flow-graph/types";
import type { NodePositions } from "@/components/flow-graph/layout";
import FlowGraph from "@/components/flow-graph/flow-graph";
import { Badge, runStateTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { JsonViewer } from "@/components/ui/json-viewer";
import { Time } from "@/components/ui/time";

export type NodeRunView = {
  id: string;
  nodeKey: string;
  status: string;
  input: unknown;
  outputs: { id: string; data: unknown }[];
  logs: unknown[];
  errors: unknown[];
  startTime: string | Date;
  endTime: string | Date;
  durationMs: number;
};

/** The run's graph coloured by node state; selecting a node lists its node runs with input, outputs, logs and errors. */
export function RunView({
  nodes,
  types,
  counters,
  nodeRuns,
  totals,
  positions,
}: {
  nodes: FlowNodes;
  /** Node positions laid out on the server (`layoutGraph`); laid out in the browser when absent. */
  positions?: NodePositions;
  types: NodeTypeMap;
  counters: Record<string, NodeRunCounters>;
  nodeRuns: Record<string, NodeRunView[]>;
  totals: Record<string, number>;
}) {
  const first = Object.keys(nodeRuns).find((k) => nodeRuns[k].some((r) => r.status === "failed"));
  const [selected, setSelected] = useState<string | undefined>(first);
  const onSelect = useCallback((k: string) => setSelected(k), []);
  const runs = selected ? (nodeRuns[selected] ?? []) : [];
  const node = selected ? nodes[selected] : undefined;
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_420px]">
      <div>
        <FlowGraph
          nodes={nodes}
          types={types}
          run={counters}
          positions={positions}
          selectedKey={selected}
          onSelect={onSelect}
          height={420}
        />
        <p className="mt-2 flex flex-wrap gap-2 text-xs text-slate-500">
          <span>Node colours:</span>
          <Badge tone="green">completed</Badge>
          <Badge tone="red">failed</Badge>
          <Badge tone="blue">running</Badge>
          <Badge tone="gray">skipped / not reached</Badge>
        </p>
      </div>
      <aside
        aria-label="Node runs"
        data-testid="node-runs"
        className="rounded-lg border border-slate-200 bg-white p-4"
      >
        {!selected || !node ? (
          <p className="text-sm text-slate-500">
            Select a node to see its runs: input, outputs, logs and errors.
          </p>
        ) : (
          <>
            <div className="mb-3 flex items-start gap-2">
              <div className="min-w-0 flex-1">
                <h2 className="truncate text-base font-semibold">{node.name ?? selected}</h2>
                <p className="text-xs text-slate-500">
                  <span className="font-mono">{selected}</span> · {types[node.type]?.name ?? node.type}
                  {counters[selected]?.state && (
                    <>
                      {" "}
                      ·{" "}
                      <Badge tone={runStateTone(counters[selected].state)}>{counters[selected].state}</Badge>
                    </>
                  )}
                </p>
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label="Close node runs"
                onClick={() => setSelected(undefined)}
              >
                ✕
              </Button>
            </div>
            {runs.length === 0 ? (
              <p className="text-sm text-slate-500">This node did not run.</p>
            ) : (
              <ol className="space-y-2">
                {runs.map((r, i) => (
                  <li key={r.id}>
                    <details open={i === 0} className="rounded-md border border-slate-200">
                      <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm">
                        <span className="font-medium">Run {i + 1}</span>
                        <Badge
                          tone={r.status === "completed" ? "green" : r.status === "failed" ? "red" : "gray"}
                        >
                          {r.status}
                        </Badge>
                        <span className="ml-auto text-xs text-slate-500 tabular-nums">
                          {r.durationMs} ms · <Time value={r.startTime} />
                        </span>
                      </summary>
                      <div className="space-y-2 border-t border-slate-100 p-3">
                        {r.errors.length > 0 && (
                          <Section title="Errors">
                            <JsonViewer value={r.errors} testId="node-run-errors" />
                          </Section>
                        )}
                        <Section title="Input">
                          <JsonViewer value={r.input} />
                        </Section>
                        <Section title={`Outputs (${r.outputs.length})`}>
                          <JsonViewer value={r.outputs.map((o) => o.data)} testId="node-run-outputs" />
                        </Section>
                        {r.logs.length > 0 && (
                          <Section title="Logs">
                            <JsonViewer value={r.logs} />
                          </Section>
                        )}
                      </div>
                    </details>
                  </li>
                ))}
                {(totals[selected] ?? 0) > runs.length && (
                  <li className="text-xs text-slate-500">
                    Showing the first {runs.length} of {totals[selected]} runs of this node.
                  </li>
                )}
              </ol>
            )}
          </>
        )}
      </aside>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">{title}</h3>
      {children}
    </div>
  );
}
