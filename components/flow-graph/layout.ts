import dagre from "@dagrejs/dagre";
import type { FlowNodes } from "@/lib/core/flow";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

/** Left-to-right layered layout; returns each node's top-left position. */
export function layoutGraph(nodes: FlowNodes): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const key of Object.keys(nodes)) g.setNode(key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [key, node] of Object.entries(nodes))
    for (const l of node.links ?? []) if (l.key in nodes) g.setEdge(key, l.key);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const key of Object.keys(nodes)) {
    const n = g.node(key);
    out[key] = { x: (n?.x ?? 0) - NODE_WIDTH / 2, y: (n?.y ?? 0) - NODE_HEIGHT / 2 };
  }
  return out;
}

/** A short label for a link filter (shown on the edge). */
export function filterLabel(filter: unknown, name?: string): string | undefined {
  if (name) return name;
  if (filter === undefined || filter === null) return undefined;
  const text = JSON.stringify(filter);
  const vars = [...text.matchAll(/"\$var":"\$\.input\.([^"]+)"/g)].map((m) => m[1]);
  const is = /"is":("[^"]*"|[^,}]+)/.exec(text)?.[1];
  if (vars.length && is) return `${vars[0]} is ${is}`;
  return text.length > 40 ? text.slice(0, 37) + "…" : text;
}
