"use client";

import "@xyflow/react/dist/style.css";
import {
  createContext,
  memo,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
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
  type NodeChange,
  type NodeProps,
} from "@xyflow/react";
import type { FlowNode, FlowNodes } from "@/lib/core/flow";
import { filterLabel, layoutKey, NODE_HEIGHT, NODE_WIDTH, type NodePositions } from "./layout";
import { NodeIcon } from "./icons";
import { useIsClient } from "./client";
import type { NodeRunCounters, NodeTypeMap } from "./types";

type CardData = {
  nodeKey: string;
  node: FlowNode;
  typeName: string;
  category?: string;
  run?: NodeRunCounters;
  runMode: boolean;
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

/** The selected node key, held outside the node objects; each card subscribes to whether it is the one. */
function createSelection(initial?: string) {
  let key = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => key,
    set(next: string | undefined) {
      if (next === key) return;
      key = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}
type Selection = ReturnType<typeof createSelection>;
const SelectionContext = createContext<Selection | undefined>(undefined);

function useIsSelected(key: string): boolean {
  const selection = useContext(SelectionContext);
  return useSyncExternalStore(
    selection?.subscribe ?? noSubscribe,
    () => selection?.get() === key,
    () => false,
  );
}
const noSubscribe = () => () => {};

/** "340 ms", "2.1 s", "3 min 5 s": a node's time at a glance. */
function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const Card = memo(function Card({ data }: NodeProps<CardNode>) {
  const selected = useIsSelected(data.nodeKey);
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
      className={`relative rounded-lg border-2 text-left shadow-sm ${nodeTone(data)} ${selected ? "ring-2 ring-brand-500 ring-offset-1" : ""}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="!bg-slate-400" />
      <button
        type="button"
        aria-label={label}
        aria-pressed={selected}
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
            <span className="ml-auto tabular-nums" data-testid="node-card-count">
              {data.run.durationMs !== undefined && (
                <span data-testid="node-card-duration">{formatMs(data.run.durationMs)} · </span>
              )}
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

// The cards' size and handles are known up front, so React Flow draws nodes and edges and fits the view in its
// first pass instead of after measuring every card; it still measures them and corrects what differs (e.g. a
// card showing an error is taller). Handles are 6×6 px, centred on the left/right edge of the card's padding box
// (inside its 2 px border), as @xyflow/react's stylesheet places them.
const HANDLE = 6;
const BORDER = 2;
const handles: NonNullable<CardNode["handles"]> = [
  { type: "target", position: Position.Left, x: BORDER - HANDLE / 2 },
  { type: "source", position: Position.Right, x: NODE_WIDTH - BORDER - HANDLE / 2 },
].map((h) => ({
  ...h,
  type: h.type as "source" | "target",
  y: NODE_HEIGHT / 2 - HANDLE / 2,
  width: HANDLE,
  height: HANDLE,
}));
const DEFAULT_SIZE = { width: NODE_WIDTH, height: NODE_HEIGHT };

const FIT = { padding: 0.2, maxZoom: 1.2 };

/** Re-fits the view when the container changes width later (e.g. the node panel opens beside it). */
function AutoFit() {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  const first = useRef<number>(undefined);
  useEffect(() => {
    if (!width) return;
    if (first.current === undefined)
      first.current = width; // the initial fit is ReactFlow's `fitView`
    else void fitView(FIT);
  }, [width, fitView]);
  return null;
}

/** Positions passed in (laid out on the server), else laid out here with dagre, loaded on demand. */
function usePositions(nodes: FlowNodes, given?: NodePositions): NodePositions | undefined {
  const key = useMemo(() => (given ? "" : layoutKey(nodes)), [nodes, given]);
  const [computed, setComputed] = useState<{ key: string; positions: NodePositions }>();
  useEffect(() => {
    if (given) return;
    let live = true;
    void import("./dagre-layout").then((m) => {
      if (live) setComputed({ key, positions: m.layoutGraph(nodes) });
    });
    return () => {
      live = false;
    };
  }, [given, key, nodes]);
  return given ?? (computed?.key === key ? computed.positions : undefined);
}

export type FlowGraphProps = {
  nodes: FlowNodes;
  types: NodeTypeMap;
  selectedKey?: string;
  onSelect?: (key: string) => void;
  /** On a run page: per-node counters from run.nodes (colours nodes by run state). */
  run?: Record<string, NodeRunCounters>;
  height?: number;
  /** Node positions from `layoutGraph` (./dagre-layout), computed on the server; laid out here when absent. */
  positions?: NodePositions;
};

export default function FlowGraph({
  nodes,
  types,
  selectedKey,
  onSelect,
  run,
  height = 480,
  positions: givenPositions,
}: FlowGraphProps) {
  // React Flow measures the DOM: the graph is drawn in the browser only (a same-size placeholder before).
  const isClient = useIsClient();
  const positions = usePositions(nodes, givenPositions);
  // Sizes React Flow measured, handed back when the nodes are rebuilt (new data from the server): React Flow
  // takes a new node object's size from `measured` and does not re-measure a card whose size did not change.
  const [measured] = useState(() => new Map<string, { width: number; height: number }>());
  const onNodesChange = useCallback(
    (changes: NodeChange<CardNode>[]) => {
      for (const c of changes) if (c.type === "dimensions" && c.dimensions) measured.set(c.id, c.dimensions);
    },
    [measured],
  );
  const baseNodes = useMemo<CardNode[]>(
    () =>
      positions
        ? Object.entries(nodes).map(([key, node]) => ({
            id: key,
            type: "card",
            position: positions[key] ?? { x: 0, y: 0 },
            width: NODE_WIDTH,
            measured: measured.get(key) ?? DEFAULT_SIZE,
            // Once a card was measured, React Flow keeps the handle bounds it measured when given `measured`
            // without `handles` (the preset ones would be wrong for a taller card).
            handles: measured.has(key) ? undefined : handles,
            data: {
              nodeKey: key,
              node,
              typeName: types[node.type]?.name ?? node.type,
              category: types[node.type]?.category,
              run: run?.[key] as NodeRunCounters | undefined,
              runMode: !!run,
            },
          }))
        : [],
    [nodes, positions, types, run, measured],
  );
  // Selection is not part of the nodes (changing a node object makes React Flow re-measure it): cards read it
  // from a store, so selecting re-renders just the two cards concerned.
  const [selection] = useState(() => createSelection(selectedKey));
  useEffect(() => selection.set(selectedKey), [selection, selectedKey]);
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
              interactionWidth: 0, // links are not selectable: no invisible wide hit path per edge
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
  if (!positions || !isClient) return <GraphPlaceholder height={height} />;
  return (
    <div style={{ height }} className="rounded-lg border border-slate-200 bg-white" data-testid="flow-graph">
      <SelectionContext value={selection}>
        <ReactFlow
          nodes={baseNodes}
          onNodesChange={onNodesChange}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={FIT}
          // Low enough for fitView to show a graph of a few hundred nodes whole (the minimap and zoom do the rest).
          minZoom={0.02}
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
      </SelectionContext>
    </div>
  );
}

/** What a graph's box shows until it can draw (same size, so nothing jumps). */
export function GraphPlaceholder({ height }: { height: number }) {
  return (
    <div
      style={{ height }}
      className="animate-pulse rounded-lg border border-slate-200 bg-white"
      aria-label="Loading graph"
    />
  );
}
