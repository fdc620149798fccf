import dagre from "@dagrejs/dagre";
import type { FlowNodes } from "@/lib/core/flow";
import { layoutKey, NODE_HEIGHT, NODE_WIDTH, type NodePositions } from "./layout";

/**
 * Left-to-right layered layout (dagre); returns each node's top-left position. Pages call this on the server and
 * pass the positions to the graph, so the browser neither downloads dagre nor spends time laying out; results
 * are cached by graph structure (node keys + links), which is all the layout depends on.
 */
export function layoutGraph(nodes: FlowNodes): NodePositions {
  const key = layoutKey(nodes);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const out = computeLayout(nodes);
  cache.set(key, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return out;
}

const CACHE_SIZE = 200;
const cache = new Map<string, NodePositions>();

function computeLayout(nodes: FlowNodes): NodePositions {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const key of Object.keys(nodes)) g.setNode(key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [key, node] of Object.entries(nodes))
    for (const l of node.links ?? []) if (l.key in nodes) g.setEdge(key, l.key);
  dagre.layout(g);
  const out: NodePositions = {};
  for (const key of Object.keys(nodes)) {
    const n = g.node(key);
    out[key] = { x: (n?.x ?? 0) - NODE_WIDTH / 2, y: (n?.y ?? 0) - NODE_HEIGHT / 2 };
  }
  return out;
}
