"use client";

import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo } from "react";
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import type { FlowNode, FlowNodes } from "@/lib/core/flow";
import { filterLabel, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { NodeIcon } from "./icons";
import type { NodeRunCounters, NodeTypeMap } from "./types";

type CardData = {
  nodeKey: string;
  node: FlowNode;
  typeName: string;
  category?: string;
  run?: NodeRunCounters;
  runMode: boolean;
  selected: boolean;
};
type CardNode = Node<CardData, "card">;

const runTone: Record<string, string> = {
  completed: "border-emerald-500 bg-emerald-50",
  failed: "border-red-500 bg-red-50",
  running: "border-blue-500 bg-blue-50 animate-pulse",
  skipped: "border-slate-300 bg-slate-50",
};

function nodeTone(d: CardData): string {
  if (d.runMode)
    return d.run?.state
      ? (runTone[d.run.state] ?? "border-slate-300 bg-white")
      : "border-dashed border-slate-300 bg-white opacity-70";
  if (d.node.state === "SETUP_FAILED") return "border-red-500 bg-red-50";
  return "border-slate-300 bg-white";
}

const Card = memo(function Card({ data }: NodeProps<CardNode>) {
  const failed = data.node.state === "SETUP_FAILED";
  const errors = data.node.errors ?? [];
  const label = `${data.node.name ?? data.nodeKey} (${data.typeName})${failed ? ", setup failed" : ""}${data.node.isCustomized ? ", customized" : ""}${
    data.run?.state ? `, ${data.run.state}` : ""
  }`;
  return (
    <div
      data-node-key={data.nodeKey}
      data-state={data.runMode ? (data.run?.state ?? "not-run") : (data.node.state ?? "READY")}
      data-customized={data.node.isCustomized ? "true" : undefined}
      style={{ width: NODE_WIDTH, minHeight: NODE_HEIGHT }}
      className={`relative rounded-lg border-2 text-left shadow-sm ${nodeTone(data)} ${data.selected ? "ring-2 ring-brand-500 ring-offset-1" : ""}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="!bg-slate-400" />
      <button
        type="button"
        aria-label={label}
        aria-pressed={data.selected}
        // The click bubbles to React Flow's onNodeClick (keyboard Enter/Space too), which selects the node.
        className="nodrag flex w-full flex-col gap-0.5 rounded-md px-3 py-2 text-left focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <span className="flex items-center gap-1.5 text-sm font-medium text-slate-900">
          <span className={failed ? "text-red-600" : "text-brand-600"}>
            <NodeIcon category={data.category} type={data.node.type} />
          </span>
          <span className="truncate">{data.node.name ?? data.nodeKey}</span>
        </span>
        <span className="flex items-center gap-1 text-[11px] text-slate-500">
          <span className="truncate">{data.typeName}</span>
          {data.run && (data.run.runs ?? 0) > 0 && (
            <span className="ml-auto tabular-nums">
              {data.run.runs}×
              {data.run.erroredRuns ? (
                <span className="text-red-600"> · {data.run.erroredRuns} failed</span>
              ) : null}
            </span>
          )}
        </span>
        {failed && errors.length > 0 && (
          <span
            className="line-clamp-2 text-[11px] text-red-700"
            title={errors.map((e) => e.message).join("\n")}
          >
            {errors[0].message}
          </span>
        )}
      </button>
      {data.node.isCustomized && (
        <span
          className="absolute -top-2 right-2 rounded-full bg-violet-600 px-1.5 text-[10px] font-medium text-white"
          title="Customized on this instance"
        >
          customized
        </span>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} className="!bg-slate-400" />
    </div>
  );
});

const nodeTypes = { card: Card };

/** Re-fits the view when the container changes width (e.g. the node panel opens beside it). */
function AutoFit() {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  useEffect(() => {
    if (width) void fitView({ padding: 0.2, maxZoom: 1.2 });
  }, [width, fitView]);
  return null;
}

export type FlowGraphProps = {
  nodes: FlowNodes;
  types: NodeTypeMap;
  selectedKey?: string;
  onSelect?: (key: string) => void;
  /** On a run page: per-node counters from run.nodes (colours nodes by run state). */
  run?: Record<string, NodeRunCounters>;
  height?: number;
};

export default function FlowGraph({
  nodes,
  types,
  selectedKey,
  onSelect,
  run,
  height = 480,
}: FlowGraphProps) {
  const positions = useMemo(() => layoutGraph(nodes), [nodes]);
  const rfNodes = useMemo<CardNode[]>(
    () =>
      Object.entries(nodes).map(([key, node]) => ({
        id: key,
        type: "card",
        position: positions[key],
        width: NODE_WIDTH,
        data: {
          nodeKey: key,
          node,
          typeName: types[node.type]?.name ?? node.type,
          category: types[node.type]?.category,
          run: run?.[key] as NodeRunCounters | undefined,
          runMode: !!run,
          selected: key === selectedKey,
        },
      })),
    [nodes, positions, types, run, selectedKey],
  );
  const rfEdges = useMemo<Edge[]>(
    () =>
      Object.entries(nodes).flatMap(([key, node]) =>
        (node.links ?? [])
          .filter((l) => l.key in nodes)
          .map((l, i) => {
            const label = filterLabel(l.filter, l.name);
            const reached = !run || !!run[l.key]?.state;
            return {
              id: `${key}->${l.key}#${i}`,
              source: key,
              target: l.key,
              type: "smoothstep",
              label,
              labelStyle: { fontSize: 11, fill: "#475569" },
              labelBgStyle: { fill: "#f8fafc" },
              markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
              animated: !!run && run[key]?.state === "running",
              style: {
                stroke: reached ? "#64748b" : "#cbd5e1",
                strokeWidth: 1.5,
                strokeDasharray: l.filter ? "5 3" : undefined,
              },
            } satisfies Edge;
          }),
      ),
    [nodes, run],
  );
  return (
    <div style={{ height }} className="rounded-lg border border-slate-200 bg-white" data-testid="flow-graph">
      <ReactFlow
        nodes={rfNodes}
        edges={rfEdges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        minZoom={0.1}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        onNodeClick={onSelect ? (_, n) => onSelect(n.id) : undefined}
        proOptions={{ hideAttribution: true }}
      >
        <AutoFit />
        <Background gap={16} color="#e2e8f0" />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Graph overview" style={{ width: 140, height: 90 }} />
      </ReactFlow>
    </div>
  );
}
