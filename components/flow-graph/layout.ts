import type { FlowNodes } from "@/lib/core/flow";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

/** Top-left position of every node, from `layoutGraph` (./dagre-layout). */
export type NodePositions = Record<string, { x: number; y: number }>;

/** The part of a graph its layout depends on: node keys and links between existing nodes, in order. */
export function layoutKey(nodes: FlowNodes): string {
  const keys = Object.keys(nodes);
  return JSON.stringify(
    keys.map((k) => [k, (nodes[k].links ?? []).map((l) => l.key).filter((t) => t in nodes)]),
  );
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
